import Foundation

/// KuCoin's resource pools: a quota per 30-second window that starts with the window's first request.
struct SimRateLimiter: Sendable {
    struct Pool {
        var quota: Int
        var used = 0
        var windowStart: ContinuousClock.Instant?
    }

    static let window: Duration = .seconds(30)
    var pools: [String: Pool]
    let quota: Int

    init(quota: Int = 2000) {
        self.quota = quota
        pools = ["Public": Pool(quota: quota), "Futures": Pool(quota: quota)]
    }

    /// What a request's headers say afterwards.
    struct Outcome {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        var resetMilliseconds: Int64
    }

    /// Charges `weight` to `pool`, or refuses when the window's quota is spent.
    mutating func charge(_ pool: String, weight: Int, now: ContinuousClock.Instant = .now) -> Outcome {
        var entry = pools[pool] ?? Pool(quota: quota)
        if let start = entry.windowStart, now - start >= Self.window {
            entry.windowStart = nil
            entry.used = 0
        }
        let start = entry.windowStart ?? now
        entry.windowStart = start
        let allowed = entry.used + weight <= entry.quota
        if allowed { entry.used += weight }
        pools[pool] = entry
        let reset = Self.window - (now - start)
        return Outcome(allowed: allowed, limit: entry.quota, remaining: max(0, entry.quota - entry.used),
                       resetMilliseconds: max(0, reset.components.seconds * 1000 + reset.components.attoseconds / 1_000_000_000_000_000))
    }
}
