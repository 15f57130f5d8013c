import ExchangeKit
import Foundation
import KuCoinCore

extension KuCoinFutures {
    /// The futures account of one settle currency (`GET /api/v1/account-overview`).
    public func balance(currency: String = "USDT") async throws -> Balance {
        let wire = try await rest.kucoinData(RestRequest(.GET, "/api/v1/account-overview", query: [QueryItem("currency", currency)],
                                                         endpoint: KuCoinEndpoint.signed("accountOverview", pool: KuCoinPool.futures, weight: 5)), as: AccountOverviewWire.self)
        return Balance(currency: wire.currency, available: wire.availableBalance, total: wire.accountEquity,
                       hold: (wire.orderMargin ?? 0) + (wire.positionMargin ?? 0) + (wire.frozenFunds ?? 0))
    }

    /// The position in one contract (`GET /api/v1/position`); size 0 when flat.
    public func position(symbol: String) async throws -> Position {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/position", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("position", pool: KuCoinPool.futures, weight: 2)), as: PositionWire.self).position
    }

    /// Every open position, optionally of one settle currency (`GET /api/v1/positions`).
    public func positions(currency: String? = nil) async throws -> [Position] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/positions", query: currency.map { [QueryItem("currency", $0)] } ?? [],
                                              endpoint: KuCoinEndpoint.signed("positions", pool: KuCoinPool.futures, weight: 2)), as: [PositionWire].self).map(\.position)
    }

    /// How many lots `balance` buys at `price` with `leverage`, risking `fraction` of it, rounded down
    /// to the lot size and capped; 0 when not even one lot is affordable.
    ///
    /// Linear contracts: one lot costs `price × multiplier` quote currency. Inverse ones: one lot is
    /// `multiplier` quote currency and costs `multiplier / price` base currency.
    public static func contracts(
        for balance: Decimal, price: Decimal, leverage: Decimal, fraction: Decimal = 1, instrument: Instrument, cap: Decimal? = nil
    ) -> Decimal {
        guard balance > 0, price > 0, leverage > 0, fraction > 0, instrument.multiplier > 0 else { return 0 }
        let notional = balance * fraction * leverage
        let perLot = instrument.isInverse ? instrument.multiplier / price : price * instrument.multiplier
        var lots = instrument.size(fromQuantity: notional / perLot * instrument.multiplier)
        if let cap { lots = min(lots, instrument.size(fromQuantity: cap * instrument.multiplier)) }
        if let maxSize = instrument.maxSize { lots = min(lots, maxSize) }
        return lots >= instrument.minSize ? lots : 0
    }
}
