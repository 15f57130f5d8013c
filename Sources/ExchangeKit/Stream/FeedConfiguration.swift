/// How a ``FeedStream`` buffers, reconnects and times out.
///
/// The defaults suit a bot that must not lose data: a bounded buffer that
/// pauses reading when the consumer falls behind (TCP then slows the venue),
/// unlimited reconnects with capped exponential backoff and full jitter.
public struct FeedConfiguration: Sendable {
    /// The event buffer between the connections and the consumer.
    public var buffer: BufferPolicy
    /// Reconnect timing.
    public var reconnect: ReconnectPolicy
    /// How long a subscription may wait for the venue's ack before it is reported and sent again.
    public var ackTimeout: Duration
    /// How many times an unacknowledged subscription is sent again before the connection is replaced.
    public var ackRetries: Int
    /// The largest frame accepted (full-depth book snapshots exceed WebSocket's usual 16 KiB).
    public var maximumFrameSize: Int
    /// How long echoing the venue's close frame may take, and how long a failed write waits for the
    /// read side to say why the socket closed, before the connection is given up.
    public var closeTimeout: Duration
    /// How often the supervisor checks heartbeats, deadlines and pending work.
    public var tick: Duration
    /// How long a book snapshot fetch may take before it is retried.
    public var snapshotRetryDelay: Duration
    /// How long dialling (TCP, TLS and the WebSocket upgrade) may take before the attempt is abandoned.
    public var connectTimeout: Duration
    /// Certificate authorities (PEM text) trusted for `wss` connections besides the system's: a
    /// company TLS proxy's, or a test server's. A PEM that does not parse fails every dial with a
    /// message saying so.
    public var additionalTrustRoots: [String] = []
    /// Rotate every connection after this long even when the venue allows longer (nil: only the
    /// venue's own ``StreamEndpoint/maximumLifetime``): a fresh connection now and then, without loss.
    public var connectionLifetime: Duration?
    /// How long before an endpoint's lifetime limit (Binance's 24 hours) a successor connection is
    /// dialled, at most half the lifetime. The successor subscribes and synchronises its books while
    /// the old connection still delivers, then takes over without loss (a `rotated` event); if it
    /// cannot before the limit, the old connection is replaced by a planned reconnect. What the
    /// successor holds is bounded by the buffer's capacity: at rates that fill it before the
    /// successor is ready (its books' REST snapshots), the successor is given up and tried again.
    public var rotationLead: Duration = .seconds(300)
    /// Whether a connection nearing its lifetime limit is replaced by a successor dialled ahead
    /// (no loss), rather than by a planned reconnect at the limit (a brief gap, books resynced).
    /// `runner record` turns it off: a recording of raw frames would hold the overlap twice.
    public var rotatesAheadOfLifetime = true
    /// How long a ready successor waits for the old connection to catch up with it (to have delivered
    /// what it holds first) before it takes over anyway; at most a quarter of the lead.
    public var handoverWait: Duration = .seconds(2)

    /// Creates a configuration.
    public init(
        buffer: BufferPolicy = .init(), reconnect: ReconnectPolicy = .init(), ackTimeout: Duration = .seconds(10),
        ackRetries: Int = 2, maximumFrameSize: Int = 16 << 20, closeTimeout: Duration = .seconds(2),
        tick: Duration = .milliseconds(100), snapshotRetryDelay: Duration = .seconds(1), connectTimeout: Duration = .seconds(10)
    ) {
        self.connectTimeout = connectTimeout
        self.buffer = buffer
        self.reconnect = reconnect
        self.ackTimeout = ackTimeout
        self.ackRetries = ackRetries
        self.maximumFrameSize = maximumFrameSize
        self.closeTimeout = closeTimeout
        self.tick = tick
        self.snapshotRetryDelay = snapshotRetryDelay
    }
}

/// The bounded buffer between a stream's connections and its consumer, and what happens when it is full.
///
/// Nothing buffers without bound and nothing is dropped without an event.
public struct BufferPolicy: Sendable, Hashable {
    /// What happens when the consumer is slower than the venue.
    public enum WhenFull: Sendable, Hashable {
        /// Stop reading the sockets until the consumer catches up (the default: nothing is lost;
        /// if the pause outlasts the venue's patience it disconnects, and the reconnect resyncs).
        case suspend
        /// Keep the newest ticker, mark price, funding rate and top-N book per symbol, replacing
        /// older ones still queued; other events suspend reading as with ``suspend``.
        case conflate
        /// Drop the oldest events and report how many with a ``StreamEvent/Payload/dropped(count:)`` event.
        case dropOldest
    }

    /// Events held before the policy applies.
    public var capacity: Int
    /// What happens when full.
    public var whenFull: WhenFull

    /// Creates a policy.
    public init(capacity: Int = 65_536, whenFull: WhenFull = .suspend) {
        self.capacity = max(1, capacity)
        self.whenFull = whenFull
    }
}

/// Reconnect timing: capped exponential backoff with full jitter.
public struct ReconnectPolicy: Sendable, Hashable {
    /// The backoff cap of the first reconnect.
    public var initialDelay: Duration
    /// The largest backoff cap.
    public var maximumDelay: Duration
    /// Reconnects in a row before the stream fails; nil never gives up.
    public var maximumAttempts: Int?
    /// A connection that stayed healthy this long resets the backoff.
    public var stableAfter: Duration

    /// Creates a policy.
    public init(initialDelay: Duration = .milliseconds(250), maximumDelay: Duration = .seconds(30),
                maximumAttempts: Int? = nil, stableAfter: Duration = .seconds(10)) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
        self.stableAfter = stableAfter
    }

    /// The cap of the wait before reconnect number `attempt` (1-based); the wait is drawn below it.
    public func delayCap(forAttempt attempt: Int) -> Duration {
        let shift = min(max(attempt - 1, 0), 30)
        let cap = initialDelay * (1 << shift)
        return cap > maximumDelay ? maximumDelay : cap
    }

    /// A random wait in `0...delayCap(forAttempt:)` ("full jitter": clients that dropped together do not return together).
    public func delay<G: RandomNumberGenerator>(forAttempt attempt: Int, using generator: inout G) -> Duration {
        let cap = delayCap(forAttempt: attempt).nanoseconds
        return .nanoseconds(cap <= 0 ? 0 : Int64.random(in: 0...cap, using: &generator))
    }
}
