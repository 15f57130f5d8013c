/// What a stream should deliver: a channel, for a symbol, with its parameters.
///
/// ```swift
/// let subscriptions: [Subscription] = [.trades("XBTUSDTM"), .book("XBTUSDTM"), .book("XBTUSDTM", depth: 5), .orders()]
/// ```
public struct Subscription: Hashable, Sendable, CustomStringConvertible {
    /// The channel.
    public var channel: Capabilities.Channel
    /// The symbol, or nil for account-wide channels (orders and balances of every symbol).
    public var symbol: String?
    /// For books: nil for the full book kept in sync from deltas, or the depth of a top-N snapshot channel.
    public var depth: Int?
    /// For candles: the bar length.
    public var interval: Duration?

    /// Creates a subscription.
    public init(channel: Capabilities.Channel, symbol: String?, depth: Int? = nil, interval: Duration? = nil) {
        self.channel = channel
        self.symbol = symbol
        self.depth = depth
        self.interval = interval
    }

    /// Public trades of a symbol.
    public static func trades(_ symbol: String) -> Subscription { Subscription(channel: .trades, symbol: symbol) }
    /// Best bid and ask of a symbol.
    public static func ticker(_ symbol: String) -> Subscription { Subscription(channel: .ticker, symbol: symbol) }
    /// The order book: the full book synchronised from deltas, or top-`depth` snapshots.
    public static func book(_ symbol: String, depth: Int? = nil) -> Subscription { Subscription(channel: .book, symbol: symbol, depth: depth) }
    /// Candles of a symbol.
    public static func candles(_ symbol: String, interval: Duration) -> Subscription { Subscription(channel: .candles, symbol: symbol, interval: interval) }
    /// The account's orders, for one symbol or all.
    public static func orders(_ symbol: String? = nil) -> Subscription { Subscription(channel: .orders, symbol: symbol) }
    /// The account's positions, for one symbol or all.
    public static func positions(_ symbol: String? = nil) -> Subscription { Subscription(channel: .positions, symbol: symbol) }
    /// The account's balances.
    public static func balance() -> Subscription { Subscription(channel: .balance, symbol: nil) }
    /// Mark and index price of a symbol.
    public static func markPrice(_ symbol: String) -> Subscription { Subscription(channel: .markPrice, symbol: symbol) }
    /// Funding rate of a symbol.
    public static func fundingRate(_ symbol: String) -> Subscription { Subscription(channel: .fundingRate, symbol: symbol) }

    /// Whether this is a full book kept in sync from a snapshot and deltas.
    public var isSynchronizedBook: Bool { channel == .book && depth == nil }

    public var description: String {
        var text = channel.name
        if let symbol { text += ":\(symbol)" }
        if let depth { text += "@\(depth)" }
        if let interval { text += "/\(interval)" }
        return text
    }
}
