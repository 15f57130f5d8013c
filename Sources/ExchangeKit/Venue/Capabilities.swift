/// What a venue plugin offers: which REST calls and which stream channels.
///
/// Both sets hold open-ended names, so a plugin can declare something the
/// core does not know yet; the well-known names are static members.
public struct Capabilities: Sendable, Hashable {
    /// A REST call a venue may offer.
    public struct RestCall: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The call's name, as the runner's `rest` command spells it (`place-order`).
        public let name: String
        /// Creates a call name.
        public init(_ name: String) { self.name = name }
        public init(stringLiteral value: String) { self.name = value }
        public var description: String { name }

        public static let serverTime: RestCall = "server-time"
        public static let instruments: RestCall = "instruments"
        public static let ticker: RestCall = "ticker"
        public static let orderBook: RestCall = "order-book"
        public static let trades: RestCall = "trades"
        public static let candles: RestCall = "candles"
        public static let markPrice: RestCall = "mark-price"
        public static let fundingRate: RestCall = "funding-rate"
        public static let balance: RestCall = "balance"
        public static let positions: RestCall = "positions"
        public static let placeOrder: RestCall = "place-order"
        public static let cancelOrder: RestCall = "cancel-order"
        public static let cancelAllOrders: RestCall = "cancel-all-orders"
        public static let orders: RestCall = "orders"
        public static let fills: RestCall = "fills"
        public static let leverage: RestCall = "leverage"
    }

    /// A stream channel a venue may offer.
    public struct Channel: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The channel's name, as the runner's `--channels` flag spells it (`mark_price`).
        public let name: String
        /// Creates a channel name.
        public init(_ name: String) { self.name = name }
        public init(stringLiteral value: String) { self.name = value }
        public var description: String { name }

        public static let trades: Channel = "trades"
        public static let ticker: Channel = "ticker"
        public static let book: Channel = "book"
        public static let candles: Channel = "candles"
        public static let orders: Channel = "orders"
        public static let positions: Channel = "positions"
        public static let balance: Channel = "balance"
        public static let markPrice: Channel = "mark_price"
        public static let fundingRate: Channel = "funding_rate"
    }

    /// The REST calls offered.
    public var rest: Set<RestCall>
    /// The stream channels offered.
    public var channels: Set<Channel>

    /// Creates a capability set.
    public init(rest: Set<RestCall> = [], channels: Set<Channel> = []) {
        self.rest = rest
        self.channels = channels
    }

    /// Whether a REST call is offered.
    public func supports(_ call: RestCall) -> Bool { rest.contains(call) }

    /// Whether a channel is offered.
    public func supports(_ channel: Channel) -> Bool { channels.contains(channel) }
}
