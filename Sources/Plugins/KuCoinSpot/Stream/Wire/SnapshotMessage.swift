import ExchangeKit
import Foundation
import KuCoinCore

/// `/market/snapshot:{symbol}`, subject `trade.snapshot`: the pair's 24-hour market snapshot every 2 s
/// (PROTOCOL.md §10), delivered as a ``Ticker``.
///
/// ```
/// {"sequence":"14691517895","data":{"askSize":1.15955795,…,"bidSize":0.81772627,…,"buy":67158.1,…,
///  "datetime":1729758286011,…,"lastTradedPrice":67158.1,…,"sell":67158.2,…,"symbol":"BTC-USDT",…}}
/// ```
/// The inner object uses JSON numbers (some with 20 decimals: `315.20000000000000000000`), read
/// exactly from their text. Ticker: bid `buy`, bid size `bidSize`, ask `sell`, ask size `askSize`,
/// last `lastTradedPrice` (optional), sequence the outer `sequence` (a string), time `datetime` (ms).
/// Required: the outer `sequence` and `data`; inside: `buy`, `sell`, `bidSize`, `askSize` (≥ 0),
/// `datetime`, and `symbol` unless the topic names it. The 24-hour statistics are not kept
/// (``Ticker`` has no place for them; REST ``KuCoinSpot/stats(symbol:)`` serves them).
/// Sample `spot/ws/snapshot.json`.
enum SnapshotMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, into output: inout [StreamMessage]) throws(WireError) {
        var sequence: Int64?
        var inner: (symbol: String, ticker: Ticker)?

        try data.object()
        while let key = try data.key() {
            if key.matches("sequence") {
                sequence = try data.int64("sequence")
            } else if key.matches("data") {
                inner = try snapshot(&data, topic: topic)
            } else {
                try data.skip()
            }
        }
        guard let sequence else { throw .missing("sequence") }
        guard var ticker = inner?.ticker else { throw .missing("data") }
        ticker.sequence = sequence
        output.append(.event(symbol: ticker.symbol, exchangeTime: ticker.timestamp, payload: .ticker(ticker)))
    }

    private static func snapshot(_ data: inout JSONReader, topic: TopicSymbol) throws(WireError) -> (symbol: String, ticker: Ticker) {
        var symbol: JSONString?
        var buy: DecimalComponents?
        var sell: DecimalComponents?
        var bidSize: DecimalComponents?
        var askSize: DecimalComponents?
        var last: Decimal?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("buy") { buy = try data.decimal("buy") }
            else if key.matches("sell") { sell = try data.decimal("sell") }
            else if key.matches("bidSize") { bidSize = try data.decimal("bidSize") }
            else if key.matches("askSize") { askSize = try data.decimal("askSize") }
            else if key.matches("lastTradedPrice") { last = try data.optionalDecimal("lastTradedPrice") }
            else if key.matches("datetime") { time = try data.milliseconds("datetime") }
            else if key.matches("symbol") { symbol = try data.stringBytes("symbol") }
            else { try data.skip() }
        }
        guard let buy else { throw .missing("buy") }
        guard let sell else { throw .missing("sell") }
        guard let bidSize else { throw .missing("bidSize") }
        guard let askSize else { throw .missing("askSize") }
        guard let time else { throw .missing("datetime") }
        guard !buy.isNegative, !sell.isNegative, !bidSize.isNegative, !askSize.isNegative else {
            throw .invalid("buy", "a negative price or size")
        }
        if let last, last < 0 { throw .invalid("lastTradedPrice", "negative") }
        let name = try topic.resolve(symbol)
        return (name, Ticker(symbol: name, bid: buy.decimal, bidSize: bidSize.decimal, ask: sell.decimal, askSize: askSize.decimal,
                             last: last, timestamp: time))
    }
}
