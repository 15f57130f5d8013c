import ExchangeKit
import Foundation
import KuCoinCore

/// `/contractMarket/limitCandle:{symbol}_{type}`, subject `candle.stick`: the current bar (PROTOCOL.md §9).
///
/// ```
/// {"symbol":"XBTUSDTM","candles":["1731898200","90638.6","90638.6","90638.6","90638.6","21.0","21"],"time":1731898208357}
/// ```
/// `candles` is exactly seven strings: start (s), open, close, high, low, then two amounts.
/// KuCoin documents them as "volume" (flagged by KuCoin itself as currently wrong, do not use)
/// and "turnover"; live traffic shows element 5 is the turnover (quote currency) and element 6
/// the volume in lots (a live 1-minute XBTUSDTM bar carried `"1080991.7836","12785"` where the
/// REST kline of the same minute gave volume 12785 and turnover 1080991.7836: 12785 lots ×
/// 0.001 BTC × ~84556 ≈ 1.081 M USDT). So ``Candle/volume`` is element 6 and
/// ``Candle/quoteVolume`` element 5.
///
/// The interval is the topic's type (`1min` … `1week`); `time` (ms, the push time) is the
/// exchange time when present. Required: `candles`, and `symbol` unless the topic names it.
/// Sample `futures/ws/limitCandle.json`.
enum CandleMessage {
    static func message(_ data: inout JSONReader, topicSymbol: TopicSymbol, interval: Duration, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var bar: (start: Timestamp, open: Decimal, close: Decimal, high: Decimal, low: Decimal, turnover: Decimal, volume: Decimal)?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("candles") {
                bar = try candles(&data)
            } else if key.matches("symbol") {
                symbol = try data.stringBytes("symbol")
            } else if key.matches("time") {
                time = try data.null("time") ? nil : data.milliseconds("time")
            } else {
                try data.skip()
            }
        }

        guard let bar else { throw .missing("candles") }
        let name = try topicSymbol.resolve(symbol)
        let candle = Candle(
            symbol: name, interval: interval, start: bar.start, open: bar.open, high: bar.high, low: bar.low,
            close: bar.close, volume: bar.volume, quoteVolume: bar.turnover)
        output.append(.event(symbol: name, exchangeTime: time, payload: .candle(candle)))
    }

    /// The row as named values (element 5 the turnover, element 6 the volume; see above).
    private static func candles(_ data: inout JSONReader) throws(WireError)
        -> (start: Timestamp, open: Decimal, close: Decimal, high: Decimal, low: Decimal, turnover: Decimal, volume: Decimal) {
        let (start, values) = try KuCoinCandleType.readRow(&data)
        return (start, values[0].decimal, values[1].decimal, values[2].decimal, values[3].decimal, values[4].decimal, values[5].decimal)
    }
}
