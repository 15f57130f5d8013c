import Foundation

/// One OHLCV bar.
public struct Candle: Hashable, Sendable, Codable {
    public var symbol: String
    /// The bar's length.
    public var interval: Duration
    /// The bar's opening time.
    public var start: Timestamp
    public var open: Decimal
    public var high: Decimal
    public var low: Decimal
    public var close: Decimal
    /// Traded size in the venue's unit.
    public var volume: Decimal
    /// Traded value in quote currency, when the venue gives it.
    public var quoteVolume: Decimal?

    /// Creates a candle.
    public init(
        symbol: String, interval: Duration, start: Timestamp, open: Decimal, high: Decimal, low: Decimal,
        close: Decimal, volume: Decimal, quoteVolume: Decimal? = nil
    ) {
        self.symbol = symbol
        self.interval = interval
        self.start = start
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.quoteVolume = quoteVolume
    }
}
