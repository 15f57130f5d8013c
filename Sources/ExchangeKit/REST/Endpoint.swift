/// What the REST client must know about an endpoint besides its path.
public struct Endpoint: Sendable, Hashable {
    /// Whether a request can safely be sent again after an uncertain failure.
    public enum Idempotency: Sendable, Hashable {
        /// Reads, cancels, settings: sending twice does no harm; retried on transport errors and 5xx.
        case idempotent
        /// Order placement and the like: never resent once it may have reached the venue.
        case nonIdempotent
    }

    /// A short stable name for logs and metrics (`position`, `placeOrder`).
    public var name: String
    /// What each call costs, per pool.
    public var costs: [RateLimitCost]
    /// Whether the request must be signed.
    public var isAuthenticated: Bool
    /// Whether it may be retried.
    public var idempotency: Idempotency

    /// Creates an endpoint description.
    public init(_ name: String, costs: [RateLimitCost] = [], isAuthenticated: Bool = false, idempotency: Idempotency = .idempotent) {
        self.name = name
        self.costs = costs
        self.isAuthenticated = isAuthenticated
        self.idempotency = idempotency
    }
}
