import ExchangeKit
import Foundation
import KuCoinCore

/// `GET /api/v1/ticker?symbol=`: prices are strings, sizes integers (lots), `ts` nanoseconds.
/// Sample: reference futures/rest/ticker.json.
struct TickerWire: Decodable, Sendable {
    let sequence: Int64
    let symbol: String
    let price: WireDecimal
    let size: WireDecimal
    let bestBidPrice: WireDecimal
    let bestBidSize: WireDecimal
    let bestAskPrice: WireDecimal
    let bestAskSize: WireDecimal
    let ts: Int64

    var ticker: Ticker {
        Ticker(symbol: symbol, bid: bestBidPrice.value, bidSize: bestBidSize.value, ask: bestAskPrice.value, askSize: bestAskSize.value,
               last: price.value, lastSize: size.value, sequence: sequence, timestamp: Timestamp(nanoseconds: ts))
    }
}

/// `GET /api/v1/level2/snapshot` and `/depth20|100`: `[price, size]` numbers, bids high→low, `ts` ns.
/// Sample: reference futures/rest/level2-snapshot.json.
struct Level2Wire: Decodable, Sendable {
    let sequence: Int64
    let symbol: String
    let bids: [[WireDecimal]]
    let asks: [[WireDecimal]]
    let ts: Int64?

    func snapshot() throws(ExchangeError) -> OrderBookSnapshot {
        return OrderBookSnapshot(symbol: symbol, sequence: sequence, bids: try KuCoinBookLevels.levels(bids), asks: try KuCoinBookLevels.levels(asks),
                                 timestamp: ts.map { Timestamp(nanoseconds: $0) })
    }
}

/// `GET /api/v1/mark-price/{symbol}/current`. Sample: reference futures/rest/mark-price-current.json.
struct MarkPriceWire: Decodable, Sendable {
    let symbol: String
    let timePoint: Int64?
    let value: Decimal
    let indexPrice: Decimal?
}

/// `GET /api/v1/funding-rate/{symbol}/current`. Sample: reference futures/rest/funding-rate-current.json.
struct FundingRateWire: Decodable, Sendable {
    let symbol: String
    let granularity: Int64?
    let timePoint: Int64?
    let value: Decimal
    let predictedValue: Decimal?
    let fundingTime: Int64?
}
