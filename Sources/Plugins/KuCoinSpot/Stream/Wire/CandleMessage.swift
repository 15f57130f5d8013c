import ExchangeKit
import Foundation
import KuCoinCore

/// `/market/candles:{symbol}_{type}`, subject `trade.candles.update`: the current bar (PROTOCOL.md §10).
///
/// ```
/// {"symbol":"BTC-USDT","candles":["1729839600","67644.9","67437.6","67724.8","67243.8","44.88321441","3027558.991928447"],
///  "time":1729842192785164840}
/// ```
/// `candles` is exactly seven strings: start (s), open, CLOSE, high, low, volume (base currency),
/// turnover (quote currency) — the sample's 44.88 BTC × ~67,500 ≈ 3.03 M USDT confirms the order.
/// The interval is the topic's type; `time` (ns, the push time) is the exchange time.
/// Required: `candles`, `time`, and `symbol` unless the topic names it.
/// Sample `spot/ws/candles.json`.
enum CandleMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, interval: Duration, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var bar: (start: Timestamp, values: [DecimalComponents])?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("candles") {
                bar = try KuCoinCandleType.readRow(&data)
            } else if key.matches("symbol") {
                symbol = try data.stringBytes("symbol")
            } else if key.matches("time") {
                time = try data.nanoseconds("time")
            } else {
                try data.skip()
            }
        }

        guard let bar else { throw .missing("candles") }
        guard let time else { throw .missing("time") }
        let name = try topic.resolve(symbol)
        let values = bar.values
        let candle = Candle(
            symbol: name, interval: interval, start: bar.start, open: values[0].decimal, high: values[2].decimal, low: values[3].decimal,
            close: values[1].decimal, volume: values[4].decimal, quoteVolume: values[5].decimal)
        output.append(.event(symbol: name, exchangeTime: time, payload: .candle(candle)))
    }
}
