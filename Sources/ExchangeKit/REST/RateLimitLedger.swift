/// The client's account of every rate-limit pool: what is left and when it refills.
///
/// A pure state machine (no clock, no I/O): the caller passes the current
/// instant, so it is tested without sockets or sleeps. It keeps the client
/// under the venue's quotas before a request is sent, and it learns from the
/// venue's remaining/reset headers, which are the truth when several
/// processes share a key.
public struct RateLimitLedger: Sendable {
    /// The answer to a reservation.
    public enum Reservation: Sendable, Equatable {
        /// The weight was taken; send the request.
        case granted
        /// Not enough weight is left: try again at this instant.
        case wait(until: ContinuousClock.Instant, pool: String)
    }

    struct PoolState: Sendable {
        var quota: Int
        var window: Duration
        var remaining: Int
        /// When the current window ends; nil before the first request (KuCoin's window starts then).
        var resetAt: ContinuousClock.Instant?
    }

    private var pools: [String: PoolState]

    /// Creates a ledger with every pool full.
    public init(pools: [RateLimitPool]) {
        var states: [String: PoolState] = [:]
        for pool in pools {
            states[pool.id] = PoolState(quota: pool.quota, window: pool.window, remaining: pool.quota, resetAt: nil)
        }
        self.pools = states
    }

    /// Takes `costs` from their pools if every pool has enough left, else says when to try again.
    ///
    /// A cost in a pool the venue did not declare is not limited. A weight larger than
    /// the whole quota is granted on a fresh window, so it cannot wait forever.
    public mutating func reserve(_ costs: [RateLimitCost], now: ContinuousClock.Instant) -> Reservation {
        var latest: (ContinuousClock.Instant, String)?
        for cost in costs {
            guard var state = pools[cost.pool] else { continue }
            roll(&state, now: now)
            pools[cost.pool] = state
            let fits = state.remaining >= cost.weight || (state.remaining == state.quota && state.remaining > 0)
            if !fits {
                let until = state.resetAt ?? now
                if latest == nil || until > latest!.0 { latest = (until, cost.pool) }
            }
        }
        if let latest { return .wait(until: latest.0, pool: latest.1) }
        for cost in costs {
            guard var state = pools[cost.pool] else { continue }
            if state.resetAt == nil { state.resetAt = now.advanced(by: state.window) }
            state.remaining = max(0, state.remaining - cost.weight)
            pools[cost.pool] = state
        }
        return .granted
    }

    /// Corrects a pool from what the venue reported.
    ///
    /// The venue's reset time always wins. The lower of the two remaining counts wins
    /// while both describe the same window (requests still in flight are not in the
    /// venue's count yet); when the venue's window ends at another time than ours (it
    /// started earlier, or another process shares the key), the venue's count replaces ours.
    public mutating func observe(_ observation: RateLimitObservation, now: ContinuousClock.Instant) {
        guard var state = pools[observation.pool] else { return }
        roll(&state, now: now)
        if let limit = observation.limit, limit > 0 { state.quota = limit }
        let reported = max(0, observation.remaining)
        if let resetIn = observation.resetIn {
            let venueReset = now.advanced(by: max(resetIn, .zero))
            let sameWindow = state.resetAt.map { abs(($0 - venueReset).nanoseconds) <= 1_000_000_000 } ?? false
            state.remaining = sameWindow ? min(state.remaining, reported) : reported
            state.resetAt = venueReset
        } else {
            state.remaining = min(state.remaining, reported)
        }
        state.remaining = min(state.remaining, state.quota)
        pools[observation.pool] = state
    }

    /// Empties pools until an instant, after the venue said they are spent (HTTP 429).
    ///
    /// The venue's word replaces the ledger's window: its pool refills at `until`,
    /// whether that is sooner or later than the ledger thought.
    public mutating func block(_ poolIDs: [String], until: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        for id in poolIDs {
            guard var state = pools[id] else { continue }
            state.remaining = 0
            state.resetAt = until
            pools[id] = state
        }
    }

    /// Weight left in a pool at `now`, or nil for an unknown pool.
    public func remaining(in pool: String, now: ContinuousClock.Instant) -> Int? {
        guard var state = pools[pool] else { return nil }
        roll(&state, now: now)
        return state.remaining
    }

    /// The pool's current quota, or nil for an unknown pool.
    public func quota(of pool: String) -> Int? { pools[pool]?.quota }

    private func roll(_ state: inout PoolState, now: ContinuousClock.Instant) {
        if let resetAt = state.resetAt, now >= resetAt {
            state.remaining = state.quota
            state.resetAt = nil
        }
    }
}
