import ExchangeKit

/// The open/high/low/close/volume keys `kline` and the 24-hour tickers share (`o h l c v q`).
struct CandleFields {
    var open: DecimalComponents?, high: DecimalComponents?, low: DecimalComponents?, close: DecimalComponents?
    var volume: DecimalComponents?, quoteVolume: DecimalComponents?

    /// Reads the value of `key` when it is one of the candle keys; false (nothing read) otherwise.
    mutating func read(_ key: JSONKey, from r: inout JSONReader) throws(BinanceWireError) -> Bool {
        if key == "o" { open = try r.decimalField("o") }
        else if key == "h" { high = try r.decimalField("h") }
        else if key == "l" { low = try r.decimalField("l") }
        else if key == "c" { close = try r.decimalField("c") }
        else if key == "v" { volume = try r.decimalField("v") }
        else if key == "q" { quoteVolume = try r.decimalField("q") }
        else { return false }
        return true
    }

    /// The candle, or an error naming the event when a price or the volume is missing.
    func candle(symbol: String, interval: Duration, start: Timestamp, event: String) throws(BinanceWireError) -> Candle {
        guard let open, let high, let low, let close, let volume else { throw BinanceWireError("\(event): missing one of o, h, l, c, v") }
        return Candle(symbol: symbol, interval: interval, start: start, open: open.decimal, high: high.decimal, low: low.decimal,
                      close: close.decimal, volume: volume.decimal, quoteVolume: quoteVolume?.decimal)
    }
}
