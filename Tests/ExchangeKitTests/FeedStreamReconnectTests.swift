import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

@Suite("FeedStream over loopback: connections, reconnects, subscriptions", .timeLimit(.minutes(1)))
struct FeedStreamReconnectTests {
    @Test("every dial fetches a new token; an abrupt close leads to a reconnect that restores the subscription")
    func reconnectAfterAbruptClose() async throws {
        try await withStreamServers { http, ws, issuer in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.trades("XBTUSDTM")]) { feed, events in
                let first = try await ws.waitForConnections(1)[0]
                _ = try await first.waitForText(count: 1)
                try await events.wait(for: "subscribed") { $0.count("subscribed") == 1 }
                try await first.send(text: trade("XBTUSDTM", id: "t-1"))
                try await events.wait(for: "the first trade") { $0.trades.count == 1 }
                first.abort()
                let second = try await ws.waitForConnections(2)[1]
                let resubscribe = try await second.waitForText(count: 1)
                #expect(resubscribe[0].contains(#""topic":"/trades:XBTUSDTM""#))
                try await events.wait(for: "resubscribed") { $0.count("subscribed") == 2 }
                try await second.send(text: trade("XBTUSDTM", id: "t-2"))
                let seen = try await events.wait(for: "the second trade") { $0.trades.count == 2 }
                #expect(ws.dials.map { $0.queryValue("token") } == ["t1", "t2"])
                #expect(issuer.tokens == ["t1", "t2"])
                #expect(Array(seen.kinds().prefix(4)) == ["connected", "subscribed", "trade", "disconnected"])
                #expect(seen.contains { $0.payload.kind == "reconnected" && $0.epoch == 2 })
                let trades = seen.filter { $0.payload.kind == "trade" }
                #expect(trades.map(\.epoch) == [1, 2])
                #expect(trades.allSatisfy { $0.venue == "test-stream" && $0.symbol == "XBTUSDTM" })
            }
        }
    }

    @Test("a half-open socket is detected by silence: stale, then a new connection")
    func staleConnection() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL, heartbeat: Heartbeat(interval: .milliseconds(100), timeout: .milliseconds(600)))
            try await withFeed(venue, [.trades("XBTUSDTM")]) { feed, events in
                let first = try await ws.waitForConnections(1)[0]
                // Pings flow and pongs come back while the connection is healthy.
                let early = try await first.waitForText { _ in first.receivedTexts.filter { $0.contains(#""type":"ping""#) }.count >= 2 }
                #expect(early.filter { $0.contains(#""type":"ping""#) }.count >= 2)
                first.goSilent()
                let seen = try await events.wait(for: "stale and reconnected") { $0.count("reconnected") == 1 }
                #expect(seen.count("stale") == 1)
                #expect(ws.connections.count >= 2)
                let staleIndex = seen.firstIndex { $0.payload.kind == "stale" }!
                #expect(seen[staleIndex + 1].payload.kind == "disconnected")
            }
        }
    }

    @Test("every subscription, including ones added while running, is restored after a close 1001")
    func dynamicSubscriptionsRestored() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.trades("A")]) { feed, events in
                let first = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "A subscribed") { $0.count("subscribed") == 1 }
                feed.subscribe([.trades("B"), .ticker("C")])
                try await events.wait(for: "B and C subscribed") { $0.count("subscribed") == 3 }
                feed.unsubscribe([.ticker("C")])
                let texts = try await first.waitForText { $0.contains(#""type":"unsubscribe""#) }
                #expect(texts.contains { $0.contains(#""type":"unsubscribe""#) && $0.contains("/ticker:C") })
                try await first.close(code: 1001, reason: "going away")
                let second = try await ws.waitForConnections(2)[1]
                let restored = try await second.waitForText { $0.contains("/trades:B") && $0.contains("subscribe") }
                    .filter { $0.contains("subscribe") }
                #expect(Set(restored.compactMap { text in ["/trades:A", "/trades:B", "/ticker:C"].first { text.contains($0) } }) == ["/trades:A", "/trades:B"])
                let seen = try await events.wait(for: "restored") { $0.count("subscribed") == 5 }
                let disconnect = seen.first { $0.payload.kind == "disconnected" }
                if case .disconnected(let reason)? = disconnect?.payload {
                    #expect(reason.contains("1001"))
                }
            }
        }
    }

    @Test("a server that closes TCP right after the upgrade is dialled again (a WSClient session that never opens is abandoned)")
    func closedRightAfterUpgrade() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { connection in
                if connection.id <= 2 {
                    connection.abort(reset: false)
                } else {
                    await VenueScript().run(connection)
                }
            }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.trades("A")]) { _, events in
                let seen = try await events.wait(for: "connected after the dropped dials", timeout: .seconds(20)) { $0.count("subscribed") == 1 }
                #expect(seen.filter { $0.payload.kind == "disconnected" }.count >= 2)
                #expect(ws.connections.count >= 3)
            }
        }
    }

    @Test("a refused dial (expired token) is retried with a new token")
    func refusedToken() async throws {
        try await withStreamServers { http, ws, issuer in
            ws.setUpgradeGate { request in
                request.queryValue("token") == "t1" ? .reject(status: 401, body: #"{"code":"401","msg":"token is expired"}"#) : .accept
            }
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.trades("A")]) { _, events in
                let seen = try await events.wait(for: "connected") { $0.count("subscribed") == 1 }
                #expect(seen.first?.payload.kind == "disconnected")
                #expect(seen.first { $0.payload.kind == "connected" }?.epoch == 1)
                #expect(ws.dials.map { $0.queryValue("token") } == ["t1", "t2"])
                #expect(issuer.tokens.count == 2)
            }
        }
    }

    @Test("a handshake that never comes ends the attempt; the next connection proceeds")
    func missingHandshake() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { connection in
                await VenueScript(welcome: connection.id > 1).run(connection)
            }
            let venue = TestStreamVenue(httpURL: http.baseURL, handshake: .welcome(timeout: .milliseconds(300)))
            try await withFeed(venue, [.trades("A")]) { _, events in
                let seen = try await events.wait(for: "connected") { $0.count("subscribed") == 1 }
                guard case .disconnected(let reason) = seen.first?.payload else {
                    Issue.record("expected a disconnect first, saw \(seen.kinds())")
                    return
                }
                #expect(reason.contains("no handshake"))
                #expect(ws.connections[0].receivedTexts.isEmpty, "nothing is sent before the welcome")
            }
        }
    }

    @Test("a missing ack is reported and the subscription is sent again")
    func missingAck() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { connection in
                let silentOnce = AtomicFlag()
                await VenueScript(answer: { topic in
                    topic == "/trades:B" && silentOnce.setIfUnset() ? nil : true
                }).run(connection)
            }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.trades("A"), .trades("B")]) { _, events in
                let seen = try await events.wait(for: "B subscribed after a retry") { $0.count("subscribed") == 2 }
                let failures = seen.filter { $0.payload.kind == "subscription_failed" }
                #expect(failures.count == 1)
                #expect(failures.first?.symbol == "B")
                let texts = ws.connections[0].receivedTexts.filter { $0.contains("/trades:B") }
                #expect(texts.count == 2)
                let ids = texts.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.compactMap { $0["id"] as? String }
                #expect(Set(ids).count == 2, "a retry carries a new id")
                #expect(seen.count("disconnected") == 0)
            }
        }
    }

    @Test("a refused subscription is reported and the others go on")
    func refusedSubscription() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript(answer: { $0 != "/trades:NOPE" }).run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.trades("A"), .trades("NOPE")]) { _, events in
                let seen = try await events.wait(for: "one subscribed and one failed") {
                    $0.count("subscribed") == 1 && $0.count("subscription_failed") == 1
                }
                guard case .subscriptionFailed(let subscription, let reason)? = seen.first(where: { $0.payload.kind == "subscription_failed" })?.payload else { return }
                #expect(subscription == .trades("NOPE"))
                #expect(reason.contains("topic does not exist"))
            }
        }
    }

    @Test("subscriptions beyond the per-connection limit are spread over more connections")
    func sharding() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL, limits: StreamLimits(subscriptionsPerConnection: 3, outboundMessages: 100, outboundWindow: .seconds(10)))
            let symbols = (1...7).map { "S\($0)" }
            try await withFeed(venue, symbols.map { .trades($0) }) { feed, events in
                #expect(feed.connectionCount == 3)
                try await events.wait(for: "all subscribed") { $0.count("subscribed") == 7 }
                let connections = try await ws.waitForConnections(3)
                // Distinct topics per connection (a slow ack on a loaded machine may make a subscribe go twice).
                let perConnection = connections.map { connection in
                    Set(connection.receivedTexts.filter { $0.contains("subscribe") }.compactMap { text in symbols.first { text.contains("/trades:\($0)\"") } }).count
                }
                #expect(perConnection.sorted() == [1, 3, 3])
                let all = connections.flatMap(\.receivedTexts).compactMap { text in symbols.first { text.contains("/trades:\($0)\"") } }
                #expect(Set(all) == Set(symbols))
                feed.subscribe([.trades("S8"), .trades("S9"), .trades("S10")])
                try await events.wait(for: "dynamic subscriptions placed") { $0.count("subscribed") == 10 }
                #expect(feed.connectionCount == 4)
            }
        }
    }
}

/// A flag that is set once, for scripts that misbehave only the first time.
final class AtomicFlag: Sendable {
    private let flag = Synchronization.Atomic<Bool>(false)
    /// Sets the flag; true if this call set it.
    func setIfUnset() -> Bool { !flag.exchange(true, ordering: .relaxed) }
}

import Synchronization
