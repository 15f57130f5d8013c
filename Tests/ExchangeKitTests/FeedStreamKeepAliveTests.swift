import ExchangeKit
import ExchangeKitTesting
import Foundation
import Synchronization
import Testing

@Suite("FeedStream keep-alive: renewed on schedule while connected", .timeLimit(.minutes(1)))
struct FeedStreamKeepAliveTests {
    /// The tokens each keep-alive run was for, in order.
    final class Runs: Sendable {
        let tokens = Mutex<[String]>([])
        let (changes, changed) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

        /// Records a run for `token` and returns how many it has had.
        func record(_ token: String) -> Int {
            defer { changed.yield() }
            return tokens.withLock { tokens in
                tokens.append(token)
                return tokens.filter { $0 == token }.count
            }
        }

        func count(_ token: String) -> Int { tokens.withLock { $0.filter { $0 == token }.count } }

        /// Waits (one waiter at a time) until `token` has had `count` runs; the suite's time limit bounds it.
        func wait(for token: String, count: Int) async {
            for await _ in changes where self.count(token) >= count { return }
        }
    }

    struct Refused: Error {}

    @Test("runs on its interval; a failure waits for the next run; Expired redials with a new token; it stops with its connection")
    func keepAliveLifecycle() async throws {
        try await withStreamServers { http, ws, issuer in
            ws.onConnection { await VenueScript().run($0) }
            let runs = Runs()
            var venue = TestStreamVenue(httpURL: http.baseURL, heartbeat: Heartbeat(interval: .milliseconds(200), timeout: .seconds(5)))
            venue.keepAlive = { token in
                StreamKeepAlive(interval: .milliseconds(300)) {
                    switch (token, runs.record(token)) {
                    case ("t1", 1): throw Refused()
                    case ("t1", 3): throw StreamKeepAlive.Expired(reason: "token revoked")
                    default: return
                    }
                }
            }
            try await withFeed(venue, [.trades("XBTUSDTM")]) { _, events in
                let seen = try await events.wait(for: "the redial's subscription", timeout: .seconds(20)) {
                    $0.contains { $0.payload.kind == "subscribed" && $0.epoch == 2 }
                }
                let reasons = seen.disconnectReasons
                // The failed first run did not end the connection; Expired did (a loaded machine may add failed dials after).
                #expect(reasons.contains("keep-alive: token revoked") && !reasons.contains { $0.contains("Refused") })
                #expect(issuer.tokens.prefix(2) == ["t1", "t2"])
                // The second connection's keep-alive runs on; the first one's stopped with it.
                await runs.wait(for: "t2", count: 2)
                #expect(runs.count("t2") >= 2 && runs.count("t1") == 3)
            }
        }
    }
}
