import ExchangeKit
import Foundation

extension BinanceStub {
    /// The futures wallet's balance of one asset (`GET /fapi/v2/balance`); zero when the wallet has none.
    public func balance(currency: String) async throws -> Balance {
        try await balances().first { $0.currency == currency } ?? Balance(currency: currency, available: 0, total: 0, hold: 0)
    }

    /// Every asset of the futures wallet (`GET /fapi/v2/balance`).
    public func balances() async throws -> [Balance] {
        try await rest.send(RestRequest(.GET, "/fapi/v2/balance", endpoint: BinanceEndpoint.signed("balance", weight: 5)),
                            as: [BalanceWire].self).map(\.normalized)
    }

    /// The account's assets as balances (`GET /fapi/v2/account`).
    public func accountBalances() async throws -> [Balance] {
        try await rest.send(RestRequest(.GET, "/fapi/v2/account", endpoint: BinanceEndpoint.signed("account", weight: 5)),
                            as: AccountWire.self).assets.map(\.normalized)
    }

    /// The position in one symbol (`GET /fapi/v2/positionRisk?symbol=`).
    ///
    /// In hedge mode a symbol has a LONG and a SHORT row: the open one is returned (the
    /// LONG one when both are open; ``positionRows(symbol:)`` has both).
    public func position(symbol: String) async throws -> Position {
        let rows = try await positionRows(symbol: symbol)
        guard let first = rows.first else { return Position(symbol: symbol, size: 0, entryPrice: 0) }
        return rows.first { $0.size != 0 } ?? first
    }

    /// Every open position (`GET /fapi/v2/positionRisk`, rows with a non-zero amount).
    public func positions() async throws -> [Position] {
        try await positionRows(symbol: nil).filter { !$0.isFlat }
    }

    /// Every position row, of one symbol or all, flat ones included (`GET /fapi/v2/positionRisk`).
    public func positionRows(symbol: String?) async throws -> [Position] {
        try await rest.send(RestRequest(.GET, "/fapi/v2/positionRisk", query: symbol.map { [QueryItem("symbol", $0)] } ?? [],
                                        endpoint: BinanceEndpoint.signed("positionRisk", weight: 5)), as: [PositionRiskWire].self).map(\.position)
    }

    /// Sets a symbol's initial leverage, 1–125 (`POST /fapi/v1/leverage`); returns the leverage Binance set.
    @discardableResult
    public func setLeverage(_ leverage: Int, symbol: String) async throws -> Int {
        try await rest.send(RestRequest(.POST, "/fapi/v1/leverage", query: [QueryItem("symbol", symbol), QueryItem("leverage", String(leverage))],
                                        endpoint: BinanceEndpoint.signed("leverage", weight: 1)), as: LeverageWire.self).leverage
    }

    /// The user data stream's key calls (`/fapi/v1/listenKey`).
    public var listenKey: BinanceListenKey { BinanceListenKey(rest: rest) }
}
