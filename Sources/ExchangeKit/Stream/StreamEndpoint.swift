/// Where and how to connect, as fetched fresh for every dial.
public struct StreamEndpoint: Sendable {
    /// What the client waits for before subscribing.
    public enum Handshake: Sendable, Hashable {
        /// Subscribe as soon as the socket is open.
        case none
        /// Wait for the venue's ``StreamMessage/welcome`` within a timeout.
        case welcome(timeout: Duration)
    }

    /// The WebSocket URL, token included (`wss://…?token=…&connectId=…`).
    public var url: String
    /// Extra headers for the upgrade request.
    public var headers: [(String, String)]
    /// The handshake to wait for.
    public var handshake: Handshake
    /// How often to ping and how long silence means death.
    public var heartbeat: Heartbeat
    /// How long the venue keeps a connection (Binance: 24 h); the client reconnects before it.
    public var maximumLifetime: Duration?
    /// What must be renewed on a schedule while the connection lives (Binance's listenKey), nil when nothing.
    public var keepAlive: StreamKeepAlive?

    /// Creates an endpoint.
    public init(url: String, headers: [(String, String)] = [], handshake: Handshake = .none,
                heartbeat: Heartbeat, maximumLifetime: Duration? = nil, keepAlive: StreamKeepAlive? = nil) {
        self.url = url
        self.headers = headers
        self.handshake = handshake
        self.heartbeat = heartbeat
        self.maximumLifetime = maximumLifetime
        self.keepAlive = keepAlive
    }
}

/// A venue's keep-alive rules.
public struct Heartbeat: Sendable, Hashable {
    /// How often the client sends the venue's ping (if it has one).
    public var interval: Duration
    /// Silence longer than this means the socket is dead, whatever TCP says.
    public var timeout: Duration

    /// Creates heartbeat rules.
    public init(interval: Duration, timeout: Duration) {
        self.interval = interval
        self.timeout = timeout
    }
}

/// A venue's limits on one connection.
public struct StreamLimits: Sendable, Hashable {
    /// Subscriptions one connection may hold; more are spread over more connections.
    public var subscriptionsPerConnection: Int
    /// Client messages allowed per window, pings included (KuCoin: 100 per 10 s).
    public var outboundMessages: Int
    /// The window of ``outboundMessages``.
    public var outboundWindow: Duration
    /// Messages of the budget kept for pings, so subscriptions never starve the heartbeat.
    public var reservedForHeartbeat: Int

    /// Creates limits.
    public init(subscriptionsPerConnection: Int = .max, outboundMessages: Int = .max, outboundWindow: Duration = .seconds(1), reservedForHeartbeat: Int = 0) {
        self.subscriptionsPerConnection = subscriptionsPerConnection
        self.outboundMessages = outboundMessages
        self.outboundWindow = outboundWindow
        self.reservedForHeartbeat = reservedForHeartbeat
    }
}

/// A message the client sends to change subscriptions.
public struct StreamRequest: Sendable, Hashable {
    /// The id the venue echoes in its ack or error, when it acknowledges.
    public var id: String?
    /// The frame's text.
    public var text: String
    /// The subscriptions the message covers.
    public var subscriptions: [Subscription]

    /// Creates a request.
    public init(id: String?, text: String, subscriptions: [Subscription]) {
        self.id = id
        self.text = text
        self.subscriptions = subscriptions
    }
}

/// Unique request ids for one connection.
public struct RequestIDs: Sendable {
    private var counter: Int
    private let prefix: String

    /// Creates a generator whose ids start with `prefix`.
    public init(prefix: String = "", start: Int = 1) {
        self.prefix = prefix
        self.counter = start
    }

    /// The next id.
    public mutating func next() -> String {
        defer { counter += 1 }
        return prefix + String(counter)
    }
}
