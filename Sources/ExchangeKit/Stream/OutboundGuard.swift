import DequeModule

/// Keeps a connection's client messages within the venue's rate: at most `limit`
/// in any window of `window` (a sliding log, so no burst ever crosses the line).
///
/// A pure state machine: the caller passes the time and sleeps when told.
/// Subscriptions may use the budget minus what is reserved for pings, so a
/// burst of subscriptions never delays the heartbeat past the venue's patience.
public struct OutboundGuard: Sendable {
    /// Messages allowed per window.
    public let limit: Int
    /// The window.
    public let window: Duration
    /// Messages of each window only pings may use.
    public let reservedForHeartbeat: Int
    private var sent: Deque<ContinuousClock.Instant> = []

    /// Creates a guard.
    public init(limit: Int, window: Duration, reservedForHeartbeat: Int = 0) {
        self.limit = max(1, limit)
        self.window = window
        self.reservedForHeartbeat = min(max(0, reservedForHeartbeat), max(0, limit - 1))
    }

    /// Records a send at `now` if allowed and returns nil; otherwise returns when to ask again.
    public mutating func reserve(now: ContinuousClock.Instant, isHeartbeat: Bool) -> ContinuousClock.Instant? {
        while let oldest = sent.first, oldest.advanced(by: window) <= now { sent.removeFirst() }
        let allowed = isHeartbeat ? limit : limit - reservedForHeartbeat
        if sent.count < allowed {
            if limit != .max { sent.append(now) }
            return nil
        }
        // The send becomes possible when enough of the oldest sends leave the window.
        return sent[sent.count - allowed].advanced(by: window)
    }
}
