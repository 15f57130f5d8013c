/// One event of a stream: market or account data, or something that happened to the connection.
///
/// Every event carries the venue, the connection it came from and that
/// connection's epoch (which grows by one on every reconnect), so a consumer can
/// tell data from before and after a reconnect apart.
public struct StreamEvent: Sendable {
    /// What the event says.
    ///
    /// The large and rare cases are stored out of line (`indirect`), so the common ones — trades,
    /// tickers, book updates — set the size every event is copied at (see ``StreamEventLayoutTests``).
    public enum Payload: Sendable {
        case trade(Trade)
        case ticker(Ticker)
        case book(BookUpdate)
        indirect case order(OrderUpdate)
        indirect case position(Position)
        case balance(Balance)
        case candle(Candle)
        case markPrice(MarkPrice)
        case fundingRate(FundingRate)

        /// The connection is up (epoch 1) and its handshake done.
        case connected
        /// The connection dropped; a reconnect follows unless the stream is stopping.
        case disconnected(reason: String)
        /// A new connection replaced a dropped one; every subscription is being restored.
        case reconnected
        /// The connection was replaced by a successor dialled before the venue's lifetime limit, with
        /// nothing lost or repeated: the epoch grows by one, subscriptions hold, books go on with
        /// deltas (or, when the successor could not continue one, `resynced` and a snapshot).
        case rotated
        /// The venue confirmed a subscription.
        case subscribed(Subscription)
        /// The venue refused a subscription or did not confirm it in time.
        case subscriptionFailed(Subscription, reason: String)
        /// A book's sequence jumped: the book is discarded and resynchronised.
        case gap(expected: Int64, received: Int64)
        /// A book is consistent again after a gap, a crossing or a reconnect.
        case resynced
        /// A book's best bid reached its best ask: it is discarded and resynchronised.
        case crossedBook
        /// No traffic within the heartbeat timeout: the connection is treated as dead.
        case stale(silence: Duration)
        /// A frame could not be decoded; the stream goes on.
        case decodeFailure(error: String, excerpt: String)
        /// The venue said a request exceeded its rate limit.
        case rateLimited(reason: String)
        /// A valid frame the venue plugin does not map yet.
        case unhandled(topic: String, subject: String?)
        /// Events dropped because the consumer was slower than the stream (only with `dropOldest`).
        case dropped(count: Int)
    }

    /// The configured venue id.
    public var venue: VenueID
    /// The symbol, when the event concerns one.
    public var symbol: String?
    /// Exchange time, when the venue sent one.
    public var exchangeTime: Timestamp?
    /// When the frame was read from the socket.
    public var receiveTime: Timestamp
    /// Which of the stream's connections (0-based) it came from.
    public var connection: Int
    /// That connection's epoch: 1 for the first connection, +1 on every reconnect.
    public var epoch: Int
    /// What the event says.
    public var payload: Payload

    /// Creates an event.
    public init(
        venue: VenueID, symbol: String? = nil, exchangeTime: Timestamp? = nil, receiveTime: Timestamp,
        connection: Int = 0, epoch: Int, payload: Payload
    ) {
        self.venue = venue
        self.symbol = symbol
        self.exchangeTime = exchangeTime
        self.receiveTime = receiveTime
        self.connection = connection
        self.epoch = epoch
        self.payload = payload
    }

    /// Whether the event is market or account data rather than a lifecycle event.
    public var isData: Bool {
        switch payload {
        case .trade, .ticker, .book, .order, .position, .balance, .candle, .markPrice, .fundingRate: true
        default: false
        }
    }
}

extension StreamEvent.Payload {
    /// The event's kind as the runner's JSON lines name it (`trade`, `book`, `decode_failure`).
    public var kind: String {
        switch self {
        case .trade: "trade"
        case .ticker: "ticker"
        case .book: "book"
        case .order: "order"
        case .position: "position"
        case .balance: "balance"
        case .candle: "candle"
        case .markPrice: "mark_price"
        case .fundingRate: "funding_rate"
        case .connected: "connected"
        case .disconnected: "disconnected"
        case .reconnected: "reconnected"
        case .rotated: "rotated"
        case .subscribed: "subscribed"
        case .subscriptionFailed: "subscription_failed"
        case .gap: "gap"
        case .resynced: "resynced"
        case .crossedBook: "crossed_book"
        case .stale: "stale"
        case .decodeFailure: "decode_failure"
        case .rateLimited: "rate_limited"
        case .unhandled: "unhandled"
        case .dropped: "dropped"
        }
    }

    /// Whether a newer event of the same kind and symbol makes this one worthless (latest-value data).
    public var isConflatable: Bool {
        switch self {
        case .ticker, .markPrice, .fundingRate: true
        case .book(let update): update.action == .snapshot && update.depth != nil
        default: false
        }
    }
}
