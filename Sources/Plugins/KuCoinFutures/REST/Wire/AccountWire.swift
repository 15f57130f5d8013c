import ExchangeKit
import Foundation
import KuCoinCore

/// `GET /api/v1/account-overview?currency=`: all numbers. Sample: reference futures/rest/account-overview.json.
struct AccountOverviewWire: Decodable, Sendable {
    let accountEquity: Decimal
    let unrealisedPNL: Decimal?
    let marginBalance: Decimal?
    let positionMargin: Decimal?
    let orderMargin: Decimal?
    let frozenFunds: Decimal?
    let availableBalance: Decimal
    let currency: String
}

/// `GET /api/v1/position?symbol=` (and the array of `/positions`): numbers, `currentQty` signed lots.
/// Sample: reference futures/rest/position.json.
struct PositionWire: Decodable, Sendable {
    let symbol: String
    let currentQty: Decimal
    let avgEntryPrice: Decimal?
    let markPrice: Decimal?
    let unrealisedPnl: Decimal?
    let realisedPnl: Decimal?
    let leverage: Decimal?
    let realLeverage: Decimal?
    let liquidationPrice: Decimal?
    let marginMode: String?
    let crossMode: Bool?
    let settleCurrency: String?
    let currentTimestamp: Int64?

    var position: Position {
        let mode: MarginMode? = marginMode.map { $0 == "CROSS" ? .cross : .isolated } ?? crossMode.map { $0 ? .cross : .isolated }
        return Position(symbol: symbol, size: currentQty, entryPrice: avgEntryPrice ?? 0, markPrice: markPrice,
                        unrealizedPnL: unrealisedPnl, realizedPnL: realisedPnl, leverage: leverage ?? realLeverage,
                        liquidationPrice: liquidationPrice, marginMode: mode, settleCurrency: settleCurrency,
                        timestamp: currentTimestamp.map { Timestamp(milliseconds: $0) })
    }
}
