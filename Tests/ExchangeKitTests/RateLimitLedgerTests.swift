import ExchangeKit
import Testing

@Suite("Rate-limit ledger state machine")
struct RateLimitLedgerTests {
    let start = ContinuousClock.now

    @Test("weight is taken until the pool is spent, then the caller waits for the window's end")
    func spendsAndWaits() {
        var ledger = RateLimitLedger(pools: [RateLimitPool("Futures", quota: 10, window: .seconds(30))])
        let cost = [RateLimitCost("Futures", weight: 4)]
        #expect(ledger.reserve(cost, now: start) == .granted)
        #expect(ledger.reserve(cost, now: start.advanced(by: .seconds(1))) == .granted)
        #expect(ledger.remaining(in: "Futures", now: start.advanced(by: .seconds(1))) == 2)
        // The window started with the first request, so it ends 30 s after it.
        #expect(ledger.reserve(cost, now: start.advanced(by: .seconds(2))) == .wait(until: start.advanced(by: .seconds(30)), pool: "Futures"))
        #expect(ledger.reserve(cost, now: start.advanced(by: .seconds(30))) == .granted)
    }

    @Test("a request waits for the slowest of its pools and takes nothing while waiting")
    func multiplePools() {
        var ledger = RateLimitLedger(pools: [
            RateLimitPool("weight", quota: 100, window: .seconds(60)),
            RateLimitPool("orders10s", quota: 1, window: .seconds(10)),
        ])
        let order = [RateLimitCost("weight", weight: 1), RateLimitCost("orders10s", weight: 1)]
        #expect(ledger.reserve(order, now: start) == .granted)
        #expect(ledger.reserve(order, now: start) == .wait(until: start.advanced(by: .seconds(10)), pool: "orders10s"))
        #expect(ledger.remaining(in: "weight", now: start) == 99)
    }

    @Test("the venue's headers correct the count")
    func observe() {
        var ledger = RateLimitLedger(pools: [RateLimitPool("Public", quota: 2000, window: .seconds(30))])
        #expect(ledger.reserve([RateLimitCost("Public", weight: 3)], now: start) == .granted)
        // Another process on the same key used most of the pool: the venue knows, we learn.
        ledger.observe(RateLimitObservation(pool: "Public", limit: 2000, remaining: 5, resetIn: .milliseconds(29_000)), now: start)
        #expect(ledger.remaining(in: "Public", now: start) == 5)
        #expect(ledger.reserve([RateLimitCost("Public", weight: 3)], now: start) == .granted)
        #expect(ledger.reserve([RateLimitCost("Public", weight: 3)], now: start) == .wait(until: start.advanced(by: .seconds(29)), pool: "Public"))
        // A higher VIP quota is learned from the limit header.
        ledger.observe(RateLimitObservation(pool: "Public", limit: 4000, remaining: 3990, resetIn: .seconds(5)), now: start)
        #expect(ledger.quota(of: "Public") == 4000)
        #expect(ledger.remaining(in: "Public", now: start) == 3990)
    }

    @Test("a 429 blocks the pools until the given instant")
    func block() {
        var ledger = RateLimitLedger(pools: [RateLimitPool("Spot", quota: 4000, window: .seconds(30))])
        ledger.block(["Spot"], until: start.advanced(by: .seconds(3)), now: start)
        #expect(ledger.reserve([RateLimitCost("Spot", weight: 1)], now: start.advanced(by: .seconds(1))) == .wait(until: start.advanced(by: .seconds(3)), pool: "Spot"))
        #expect(ledger.reserve([RateLimitCost("Spot", weight: 1)], now: start.advanced(by: .seconds(3))) == .granted)
        #expect(ledger.remaining(in: "Spot", now: start.advanced(by: .seconds(3))) == 3999)
        // A 429 that says the venue's window ends sooner than the ledger's replaces the ledger's window.
        ledger.block(["Spot"], until: start.advanced(by: .seconds(4)), now: start.advanced(by: .seconds(3)))
        #expect(ledger.reserve([RateLimitCost("Spot", weight: 1)], now: start.advanced(by: .seconds(4))) == .granted)
        #expect(ledger.remaining(in: "Spot", now: start.advanced(by: .seconds(4))) == 3999)
    }

    @Test("a weight above the quota is granted on a fresh window instead of waiting forever; unknown pools are free")
    func oversizedAndUnknown() {
        var ledger = RateLimitLedger(pools: [RateLimitPool("Futures", quota: 500, window: .seconds(30))])
        #expect(ledger.reserve([RateLimitCost("Futures", weight: 800)], now: start) == .granted)
        #expect(ledger.remaining(in: "Futures", now: start) == 0)
        #expect(ledger.reserve([RateLimitCost("Nope", weight: 1_000_000)], now: start) == .granted)
        #expect(ledger.remaining(in: "Nope", now: start) == nil)
    }
}
