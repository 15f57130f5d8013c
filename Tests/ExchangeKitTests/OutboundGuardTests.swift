import ExchangeKit
import Testing

@Suite("Outbound guard and reconnect backoff")
struct OutboundGuardTests {
    let start = ContinuousClock.now

    @Test("never more than the limit in any window; pings keep their reserve")
    func slidingWindow() {
        var guardian = OutboundGuard(limit: 5, window: .seconds(10), reservedForHeartbeat: 1)
        var sent: [ContinuousClock.Instant] = []
        var now = start
        // 12 subscription messages as fast as allowed.
        while sent.count < 12 {
            if let until = guardian.reserve(now: now, isHeartbeat: false) {
                now = until
            } else {
                sent.append(now)
            }
        }
        for (i, time) in sent.enumerated() {
            let inWindow = sent[i...].prefix { $0 < time.advanced(by: .seconds(10)) }.count
            #expect(inWindow <= 4, "subscriptions use at most limit - reserve")
        }
        // The reserve lets a ping through while subscriptions must wait.
        #expect(guardian.reserve(now: now, isHeartbeat: false) != nil)
        #expect(guardian.reserve(now: now, isHeartbeat: true) == nil)
        #expect(guardian.reserve(now: now, isHeartbeat: true) != nil)
    }

    @Test("reconnect backoff caps grow exponentially to the maximum and jitter stays below the cap")
    func backoff() {
        let policy = ReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(2))
        #expect(policy.delayCap(forAttempt: 1) == .milliseconds(100))
        #expect(policy.delayCap(forAttempt: 2) == .milliseconds(200))
        #expect(policy.delayCap(forAttempt: 5) == .milliseconds(1600))
        #expect(policy.delayCap(forAttempt: 6) == .seconds(2))
        #expect(policy.delayCap(forAttempt: 1000) == .seconds(2))
        var generator = SeededRandom(seed: 7)
        var delays: [Duration] = []
        for _ in 0..<200 { delays.append(policy.delay(forAttempt: 3, using: &generator)) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        #expect(Set(delays).count > 100, "full jitter spreads the waits")
    }
}
