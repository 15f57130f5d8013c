/// A named rate-limit pool: a quota of weight per window.
///
/// KuCoin's pools (`Futures`, `Public`, …) allow a quota per 30 s window that
/// starts at the first request; Binance counts request weight per minute and
/// orders per 10 s and per minute.
public struct RateLimitPool: Sendable, Hashable {
    /// The pool's name, as endpoints refer to it.
    public var id: String
    /// Weight allowed per window.
    public var quota: Int
    /// The window's length.
    public var window: Duration

    /// Creates a pool.
    public init(_ id: String, quota: Int, window: Duration) {
        self.id = id
        self.quota = quota
        self.window = window
    }
}

/// What one call of an endpoint costs in one pool.
public struct RateLimitCost: Sendable, Hashable {
    public var pool: String
    public var weight: Int

    /// Creates a cost.
    public init(_ pool: String, weight: Int) {
        self.pool = pool
        self.weight = weight
    }
}

/// What a response's headers say about a pool's state.
public struct RateLimitObservation: Sendable, Hashable {
    public var pool: String
    /// The pool's quota, when the venue reports it (it grows with VIP levels).
    public var limit: Int?
    /// Weight left in the current window.
    public var remaining: Int
    /// Time until the window resets, when the venue reports it.
    public var resetIn: Duration?

    /// Creates an observation.
    public init(pool: String, limit: Int? = nil, remaining: Int, resetIn: Duration? = nil) {
        self.pool = pool
        self.limit = limit
        self.remaining = remaining
        self.resetIn = resetIn
    }
}
