import ExchangeKit
import Foundation
import KuCoinCore

/// `/contract/instrument:{symbol}`: subjects `mark.index.price` (every second) and
/// `funding.rate` (every minute) (PROTOCOL.md §9). The symbol is the topic's.
///
/// ```
/// mark.index.price: {"markPrice":90445.02,"indexPrice":90445.02,"granularity":1000,"timestamp":1731899129000}
/// funding.rate:     {"granularity":60000,"fundingRate":-0.002966,"timestamp":1551770400000}
/// ```
/// Samples `futures/ws/instrument.mark-index-price.json`, `futures/ws/instrument.funding-rate.json`.
enum InstrumentMessage {
    /// `mark.index.price` → ``MarkPrice``. Required: `markPrice` (> 0), `indexPrice` (> 0), `timestamp` (ms).
    static func markPrice(_ data: inout JSONReader, symbol: String, into output: inout [StreamMessage]) throws(WireError) {
        var mark: DecimalComponents?
        var index: DecimalComponents?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("markPrice") {
                mark = try data.decimal("markPrice")
            } else if key.matches("indexPrice") {
                index = try data.decimal("indexPrice")
            } else if key.matches("timestamp") {
                time = try data.milliseconds("timestamp")
            } else {
                try data.skip()
            }
        }

        guard let mark else { throw .missing("markPrice") }
        guard let index else { throw .missing("indexPrice") }
        guard let time else { throw .missing("timestamp") }
        guard mark.isPositive else { throw .invalid("markPrice", "not positive") }
        guard index.isPositive else { throw .invalid("indexPrice", "not positive") }
        let value = MarkPrice(symbol: symbol, value: mark.decimal, indexPrice: index.decimal, timestamp: time)
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .markPrice(value)))
    }

    /// `funding.rate` → ``FundingRate``. Required: `fundingRate`, `granularity` (ms > 0), `timestamp` (ms).
    ///
    /// `granularity` is how often KuCoin publishes this rate, which is the funding interval
    /// only for settled rates: 60000 (one minute) marks the predicted rate of the running
    /// period (the rate is then ``FundingRate/rate`` and ``FundingRate/interval`` stays nil,
    /// since a 1-minute funding interval would be wrong); any other value (28800000 = 8 h)
    /// is the funding interval.
    static func fundingRate(_ data: inout JSONReader, symbol: String, into output: inout [StreamMessage]) throws(WireError) {
        var rate: DecimalComponents?
        var granularity: Int64?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("fundingRate") {
                rate = try data.decimal("fundingRate")
            } else if key.matches("granularity") {
                granularity = try data.int64("granularity")
            } else if key.matches("timestamp") {
                time = try data.milliseconds("timestamp")
            } else {
                try data.skip()
            }
        }

        guard let rate else { throw .missing("fundingRate") }
        guard let granularity else { throw .missing("granularity") }
        guard let time else { throw .missing("timestamp") }
        guard granularity > 0 else { throw .invalid("granularity", "not positive") }
        let interval: Duration? = granularity == predictedGranularity ? nil : .milliseconds(granularity)
        let value = FundingRate(symbol: symbol, rate: rate.decimal, timestamp: time, interval: interval)
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .fundingRate(value)))
    }

    /// The granularity (ms) of the per-minute predicted funding rate.
    static let predictedGranularity: Int64 = 60_000
}
