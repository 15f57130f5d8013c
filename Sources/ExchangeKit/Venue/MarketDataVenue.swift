/// The market-data REST calls, in normalized types, that generic tools (the runner,
/// dashboards, recorders) can call on any venue.
///
/// A plugin declares which of them it really serves in ``VenuePlugin/capabilities``;
/// the optional ones default to throwing ``ExchangeError/Code/unsupported``.
public protocol MarketDataVenue: VenuePlugin {
    /// The venue's clock.
    func serverTime() async throws -> Timestamp
    /// Every instrument open for trading.
    func instruments() async throws -> [Instrument]
    /// One instrument.
    func instrument(symbol: String) async throws -> Instrument
    /// Best bid and ask, with the last trade when the venue sends it.
    func ticker(symbol: String) async throws -> Ticker
    /// The order book: the full book when `depth` is nil, else the venue's top-`depth` snapshot.
    func orderBook(symbol: String, depth: Int?) async throws -> OrderBookSnapshot
    /// Candles whose start lies in `start ..< end`, oldest first.
    func candles(symbol: String, interval: Duration, from start: Timestamp, to end: Timestamp) async throws -> [Candle]
    /// The most recent public trades, oldest first.
    func recentTrades(symbol: String) async throws -> [Trade]
    /// Mark and index price (derivatives).
    func markPrice(symbol: String) async throws -> MarkPrice
    /// The current funding rate (perpetuals).
    func fundingRate(symbol: String) async throws -> FundingRate
}

extension MarketDataVenue {
    public func recentTrades(symbol: String) async throws -> [Trade] {
        throw ExchangeError.unsupported("recentTrades", venue: id)
    }

    public func markPrice(symbol: String) async throws -> MarkPrice {
        throw ExchangeError.unsupported("markPrice", venue: id)
    }

    public func fundingRate(symbol: String) async throws -> FundingRate {
        throw ExchangeError.unsupported("fundingRate", venue: id)
    }
}
