import AsyncHTTPClient
import ExchangeKit
import Foundation
import KuCoinFutures
@testable import Simulator
import Testing

@Suite("Simulator faults survived by the client as the runner's rules promise", .timeLimit(.minutes(1)))
struct SimulatorFaultTests {
    /// Events of a book+trades stream (KuCoin Futures unless `open` says otherwise) until `done` says so.
    static func run(_ url: String, _ subscriptions: [Subscription] = [.trades("XBTUSDTM"), .book("XBTUSDTM")],
                    open: (String, [Subscription], FeedConfiguration) throws -> RunningFeed = { try futures($0).stream($1, configuration: $2) },
                    until done: ([StreamEvent]) -> Bool) async throws -> [StreamEvent] {
        var configuration = FeedConfiguration()
        configuration.reconnect = ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100))
        var events: [StreamEvent] = []
        for try await event in try open(url, subscriptions, configuration) {
            events.append(event)
            if done(events) { break }
        }
        return events
    }

    static func kinds(_ events: [StreamEvent]) -> [String] { events.map(\.payload.kind) }

    @Test("a skipped sequence gives gap, resynced and a fresh snapshot; the book never crosses")
    func skippedSequence() async throws {
        let events = try await withSimulator({ $0.faults = try! SimulatorFaults(parsing: "skip-every=30") }) { _, url in
            try await Self.run(url) { events in events.filter { $0.payload.kind == "resynced" }.count >= 1 && events.last?.payload.kind == "book" }
        }
        let kinds = Self.kinds(events)
        let gap = try #require(kinds.firstIndex(of: "gap"))
        let resynced = try #require(kinds.firstIndex(of: "resynced"))
        #expect(gap < resynced)
        guard case .gap(let expected, let received) = events[gap].payload else { return }
        #expect(received == expected + 1, "one delta left out")
        // The resync's snapshot follows `resynced`. The first sync's precedes the gap, unless the
        // skipped delta was among those buffered before it: then that snapshot is never given.
        let snapshots = events.indices.filter { if case .book(let update) = events[$0].payload { update.action == .snapshot } else { false } }
        #expect(snapshots.contains { $0 > resynced }, "a fresh snapshot after the resync")
        #expect(snapshots.filter { $0 < gap }.count <= 1 && snapshots.filter { $0 > gap && $0 < resynced }.isEmpty)
    }

    @Test("a duplicated delta is skipped silently; a reordered pair is a gap and a resync — never a wrong book")
    func duplicateAndReorder() async throws {
        let duplicates = try await withSimulator({ $0.faults = try! SimulatorFaults(parsing: "duplicate-every=20") }) { _, url in
            try await Self.run(url) { events in events.filter { $0.payload.kind == "book" }.count >= 120 }
        }
        #expect(!Self.kinds(duplicates).contains("gap"), "a delta seen twice is old news, not a gap")
        let deltas = duplicates.compactMap { if case .book(let update) = $0.payload, update.action == .delta { update.sequence } else { nil } }
        #expect(deltas == deltas.sorted() && Set(deltas).count == deltas.count, "each delta applied once, in order")

        let reordered = try await withSimulator({ $0.faults = try! SimulatorFaults(parsing: "reorder-every=25") }) { _, url in
            try await Self.run(url) { events in events.contains { $0.payload.kind == "resynced" } }
        }
        #expect(Self.kinds(reordered).contains("gap"))
    }

    @Test("a connection dropped every N frames reconnects with a new epoch and restores every subscription")
    func drops() async throws {
        let events = try await withSimulator({ $0.faults = try! SimulatorFaults(parsing: "drop-every=60") }) { _, url in
            try await Self.run(url) { events in events.contains { $0.epoch == 3 && $0.payload.kind == "book" } }
        }
        let kinds = Self.kinds(events)
        #expect(kinds.filter { $0 == "disconnected" }.count >= 2 && kinds.filter { $0 == "reconnected" }.count >= 2)
        #expect(events.filter { $0.epoch == 2 && $0.payload.kind == "subscribed" }.count == 2, "both subscriptions restored")
        // After each reconnect the book starts from a new snapshot: resynced, then a snapshot, in the new epoch.
        let afterReconnect = events.drop { $0.payload.kind != "reconnected" }
        let firstBook = afterReconnect.first { if case .book = $0.payload { true } else { false } }
        if case .book(let update)? = firstBook?.payload { #expect(update.action == .snapshot) } else { Issue.record("no book after the reconnect") }
    }

    @Test("a connection gone silent is detected stale and replaced")
    func silence() async throws {
        let events = try await withSimulator({
            $0.pingInterval = .milliseconds(200)
            $0.pingTimeout = .milliseconds(300)
            $0.faults = try! SimulatorFaults(parsing: "silent-after=500ms")
        }) { _, url in
            try await Self.run(url) { events in events.contains { $0.payload.kind == "reconnected" } }
        }
        let kinds = Self.kinds(events)
        #expect(kinds.contains("stale") && kinds.contains("reconnected"), "\(kinds.suffix(10))")
    }

    @Test("malformed frames become decode_failure events and the stream goes on")
    func malformed() async throws {
        let events = try await withSimulator({ $0.faults = try! SimulatorFaults(parsing: "malformed-every=10") }) { _, url in
            try await Self.run(url, [.trades("XBTUSDTM")]) { events in events.filter { $0.payload.kind == "decode_failure" }.count >= 3 }
        }
        let kinds = Self.kinds(events)
        #expect(kinds.filter { $0 == "trade" }.count >= 20)
        #expect(!kinds.contains("disconnected"))
    }

    @Test("a 5xx burst is retried and a 429 storm waited out; set while running through the admin endpoint")
    func restFaults() async throws {
        try await withSimulator { _, url in
            let admin = try await HTTPClient.shared.execute({
                var request = HTTPClientRequest(url: url + "/admin/faults")
                request.method = .POST
                request.body = .bytes(.init(string: "5xx=1"))
                return request
            }(), timeout: .seconds(5))
            let set = String(buffer: try await admin.body.collect(upTo: 1024))
            #expect(set == "5xx=1")
            let ticker = try await futures(url).ticker(symbol: "XBTUSDTM")
            #expect(ticker.bid < ticker.ask, "the retry after the 503 succeeded")

            var storm = HTTPClientRequest(url: url + "/admin/faults")
            storm.method = .POST
            storm.body = .bytes(.init(string: "429=2"))
            _ = try await HTTPClient.shared.execute(storm, timeout: .seconds(5))
            let started = ContinuousClock.now
            let time = try await futures(url).serverTime()
            #expect(time.nanoseconds > 0 && ContinuousClock.now - started >= .milliseconds(900), "two 429s waited out, not failed")

            var bad = HTTPClientRequest(url: url + "/admin/faults")
            bad.method = .POST
            bad.body = .bytes(.init(string: "explode=1"))
            let refused = try await HTTPClient.shared.execute(bad, timeout: .seconds(5))
            let reason = String(buffer: try await refused.body.collect(upTo: 1024))
            #expect(refused.status.code == 400 && reason.contains("unknown fault"))
        }
    }

    @Test("fault text: every name parses and prints back; bad ones are refused with what is allowed")
    func parsing() throws {
        let text = "drop-every=500,drop-after=30s,silent-after=10s,skip-every=100,duplicate-every=7,reorder-every=9,malformed-every=1000,5xx=3,429=5,latency=50ms"
        let faults = try SimulatorFaults(parsing: text)
        #expect(faults.dropEvery == 500 && faults.dropAfter == .seconds(30) && faults.silentAfter == .seconds(10) && faults.skipEvery == 100)
        #expect(faults.duplicateEvery == 7 && faults.reorderEvery == 9 && faults.malformedEvery == 1000)
        #expect(faults.serverErrors == 3 && faults.rateLimitStorm == 5 && faults.latency == .milliseconds(50))
        #expect(try SimulatorFaults(parsing: faults.description) == faults)
        #expect(try SimulatorFaults(parsing: SimulatorFaults().description) == SimulatorFaults(), "none")
        #expect(throws: SimulatorError.self) { try SimulatorFaults(parsing: "skip-every=0") }
        #expect(throws: SimulatorError.self) { try SimulatorFaults(parsing: "latency=fast") }
    }
}

