import ExchangeKit

/// The symbols, ids and order that checks put in scripted traffic and REST calls, in the
/// venue's own spelling; a request shape fixture expects exactly these.
public struct ConformanceParameters: Sendable {
    /// The instrument every check trades and streams.
    public var symbol: String
    /// The currency of balance calls.
    public var currency: String
    /// An order id for lookups and cancels.
    public var orderID: String
    /// The order placed by `place-order` and by the order-timeout fault; it carries a client
    /// order id, so the body it builds is known in advance.
    public var order: OrderRequest
    /// The bar length of `candles` calls.
    public var candleInterval: Duration
    /// The time range of `candles` calls.
    public var candleRange: Range<Timestamp>

    /// Creates parameters; the order defaults to a small limit buy with a fixed client order id.
    public init(
        symbol: String, currency: String = "USDT", orderID: String = "conformance-order-1", order: OrderRequest? = nil,
        candleInterval: Duration = .seconds(60),
        candleRange: Range<Timestamp> = Timestamp(milliseconds: 1_731_898_200_000)..<Timestamp(milliseconds: 1_731_898_800_000)
    ) {
        self.symbol = symbol
        self.currency = currency
        self.orderID = orderID
        self.order = order ?? .limit(.buy, symbol, size: 1, price: "60000", leverage: 5, clientOrderID: "conformance-client-1")
        self.candleInterval = candleInterval
        self.candleRange = candleRange
    }
}

/// A REST call the kit cannot make through ``MarketDataVenue`` or ``TradingVenue``, given by a profile.
public struct ConformanceCall: Sendable {
    /// Makes the call on the venue built for the check.
    public var invoke: @Sendable (any VenuePlugin, ConformanceParameters) async throws -> Void

    /// Creates a call.
    public init(_ invoke: @escaping @Sendable (any VenuePlugin, ConformanceParameters) async throws -> Void) {
        self.invoke = invoke
    }
}
