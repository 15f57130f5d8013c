import ExchangeKit
import Foundation

/// One row of `GET /fapi/v1/klines`: twelve items of mixed type.
///
/// ```json
/// [1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","17928899.62484339"]
/// ```
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Kline-Candlestick-Data
struct KlineRowWire: Decodable {
    let openTime: Int64
    let open: Decimal
    let high: Decimal
    let low: Decimal
    let close: Decimal
    let volume: Decimal
    let quoteVolume: Decimal

    init(from decoder: any Decoder) throws {
        var row = try decoder.unkeyedContainer()
        openTime = try row.decode(Int64.self)
        open = try row.decode(WireDecimal.self).value
        high = try row.decode(WireDecimal.self).value
        low = try row.decode(WireDecimal.self).value
        close = try row.decode(WireDecimal.self).value
        volume = try row.decode(WireDecimal.self).value
        _ = try row.decode(Int64.self)   // close time: the start plus the interval, less 1 ms
        quoteVolume = try row.decode(WireDecimal.self).value
        // Trade count, taker volumes and the ignored column follow; a Candle has no place for them.
    }

    func candle(symbol: String, interval: Duration) -> Candle {
        Candle(symbol: symbol, interval: interval, start: Timestamp(milliseconds: openTime), open: open, high: high, low: low,
               close: close, volume: volume, quoteVolume: quoteVolume)
    }
}
