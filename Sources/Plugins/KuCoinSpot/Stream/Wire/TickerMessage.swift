import ExchangeKit
import Foundation
import KuCoinCore

/// `/market/ticker:{symbol}` (subject `trade.ticker`) and `/market/ticker:all` (subject = the
/// symbol): best bid and ask with the last trade, at most every 100 ms (PROTOCOL.md §10).
///
/// ```
/// {"sequence":"1545896668986","price":"0.08","size":"0.011","bestAsk":"0.08","bestAskSize":"0.18",
///  "bestBid":"0.049","bestBidSize":"0.036","Time":1704873323416}
/// ```
/// Values are strings, `time` ms a number. KuCoin's spec example spells the time key `Time`, its
/// schema `time`: both are read. Required: `bestBid`, `bestAsk`, `bestBidSize`, `bestAskSize`
/// (≥ 0), `sequence`, `time`; `price` and `size` of the last trade are optional (> 0 when present).
/// Samples `spot/ws/ticker.json`, `spot/ws/ticker-all.json`.
enum TickerMessage {
    static func message(_ data: inout JSONReader, symbol: String, into output: inout [StreamMessage]) throws(WireError) {
        var sequence: Int64?
        var bid: DecimalComponents?
        var bidSize: DecimalComponents?
        var ask: DecimalComponents?
        var askSize: DecimalComponents?
        var last: DecimalComponents?
        var lastSize: DecimalComponents?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("bestBid") {
                bid = try data.decimal("bestBid")
            } else if key.matches("bestBidSize") {
                bidSize = try data.decimal("bestBidSize")
            } else if key.matches("bestAsk") {
                ask = try data.decimal("bestAsk")
            } else if key.matches("bestAskSize") {
                askSize = try data.decimal("bestAskSize")
            } else if key.matches("price") {
                last = try data.decimal("price")
            } else if key.matches("size") {
                lastSize = try data.decimal("size")
            } else if key.matches("sequence") {
                sequence = try data.int64("sequence")
            } else if key.matches("time") || key.matches("Time") {
                time = try data.milliseconds("time")
            } else {
                try data.skip()
            }
        }

        guard let bid else { throw .missing("bestBid") }
        guard let bidSize else { throw .missing("bestBidSize") }
        guard let ask else { throw .missing("bestAsk") }
        guard let askSize else { throw .missing("bestAskSize") }
        guard let sequence else { throw .missing("sequence") }
        guard let time else { throw .missing("time") }
        guard !bid.isNegative, !ask.isNegative else { throw .invalid("bestBid", "a negative price") }
        guard !bidSize.isNegative, !askSize.isNegative else { throw .invalid("bestBidSize", "a negative size") }
        if let last, !last.isPositive { throw .invalid("price", "not positive") }
        if let lastSize, !lastSize.isPositive { throw .invalid("size", "not positive") }
        let ticker = Ticker(
            symbol: symbol, bid: bid.decimal, bidSize: bidSize.decimal, ask: ask.decimal, askSize: askSize.decimal,
            last: last?.decimal, lastSize: lastSize?.decimal, sequence: sequence, timestamp: time)
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .ticker(ticker)))
    }
}
