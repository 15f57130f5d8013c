import ExchangeKit
import Foundation
import KuCoinCore

/// `/spotMarket/level1:{symbol}`, subject `level1`: best bid and ask, at most every 10 ms (PROTOCOL.md §10),
/// delivered as a ``Ticker`` without a last trade or sequence.
///
/// ```
/// {"asks":["68145.8","0.51987471"],"bids":["68145.7","1.29267802"],"timestamp":1729816058766}
/// ```
/// `asks` and `bids` are one `[price, size]` each (strings; price > 0, size ≥ 0). Required: both and
/// `timestamp` (ms). The symbol is the topic's.
/// Sample `spot/ws/level1.json`.
enum Level1Message {
    static func message(_ data: inout JSONReader, symbol: String, into output: inout [StreamMessage]) throws(WireError) {
        var bid: PriceLevel?
        var ask: PriceLevel?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("bids") {
                bid = try DepthMessage.level(&data, "bids")
            } else if key.matches("asks") {
                ask = try DepthMessage.level(&data, "asks")
            } else if key.matches("timestamp") {
                time = try data.milliseconds("timestamp")
            } else {
                try data.skip()
            }
        }

        guard let bid else { throw .missing("bids") }
        guard let ask else { throw .missing("asks") }
        guard let time else { throw .missing("timestamp") }
        let ticker = Ticker(symbol: symbol, bid: bid.price, bidSize: bid.size, ask: ask.price, askSize: ask.size, timestamp: time)
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .ticker(ticker)))
    }
}
