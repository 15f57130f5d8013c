import ExchangeKit
import Foundation
import KuCoinCore

/// `GET /api/v1/market/orderbook/level2_20|level2_100` and `GET /api/v3/market/orderbook/level2`:
/// `sequence` a STRING, `time` ms, `[price, size]` strings, bids high→low.
/// Samples: reference spot/rest/level2-20.json, level2-full-v3.json.
struct BookWire: Decodable, Sendable {
    let time: Int64?
    let sequence: WireInteger
    let bids: [[WireDecimal]]
    let asks: [[WireDecimal]]

    func snapshot(symbol: String) throws(ExchangeError) -> OrderBookSnapshot {
        return OrderBookSnapshot(symbol: symbol, sequence: sequence.value, bids: try KuCoinBookLevels.levels(bids), asks: try KuCoinBookLevels.levels(asks),
                                 timestamp: time.map { Timestamp(milliseconds: $0) })
    }
}

/// `GET /api/v1/market/histories?symbol=`: the last trades, `sequence` a string, `time` ns (a number).
/// There is no trade id: the sequence stands in for it. Sample: reference spot/rest/trade-histories.json.
struct TradeHistoryWire: Decodable, Sendable {
    let sequence: WireInteger
    let price: WireDecimal
    let size: WireDecimal
    let side: String
    let time: Int64

    func trade(symbol: String) throws(ExchangeError) -> Trade {
        guard let side = Side(rawValue: side) else { throw ExchangeError.decoding("trade side '\(side)'", input: []) }
        return Trade(symbol: symbol, price: price.value, size: size.value, side: side, tradeID: String(sequence.value),
                     sequence: sequence.value, timestamp: Timestamp(nanoseconds: time))
    }
}

/// A candle row of `GET /api/v1/market/candles`: seven strings `[time s, open, CLOSE, high, low,
/// volume (base), turnover (quote)]` — close before high and low, unlike Futures. Sample: reference spot/rest/candles.json.
enum CandleRow {
    static func candle(_ row: [WireDecimal], symbol: String, interval: Duration) throws(ExchangeError) -> Candle {
        guard row.count >= 7 else { throw ExchangeError.decoding("a candle row has \(row.count) columns, expected 7", input: []) }
        guard let seconds = Int64(row[0].value.description) else {
            throw ExchangeError.decoding("candle time \(row[0].value) is not whole seconds", input: [])
        }
        return Candle(symbol: symbol, interval: interval, start: Timestamp(seconds: seconds), open: row[1].value, high: row[3].value,
                      low: row[4].value, close: row[2].value, volume: row[5].value, quoteVolume: row[6].value)
    }
}
