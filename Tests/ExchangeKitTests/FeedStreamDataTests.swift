import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

@Suite("FeedStream over loopback: books, bad frames, backpressure, rate, shutdown", .timeLimit(.minutes(1)))
struct FeedStreamDataTests {
    /// Serves `GET /snapshot?symbol=` from a table the test changes as it goes.
    final class Snapshots: Sendable {
        let table = Mutex<[String: String]>([:])
        func set(_ symbol: String, _ json: String) { table.withLock { $0[symbol] = json } }
        func install(on http: ScriptedHTTPServer) {
            http.route("GET", "/snapshot") { request in
                let symbol = request.queryItems.first { $0.name == "symbol" }?.value ?? ""
                guard let body = self.table.withLock({ $0[symbol] }) else { return .json("{}", status: 404) }
                return .json(body)
            }
        }
    }

    @Test("a gap resyncs only its own book; the other book goes on")
    func gapResyncsOneSymbol() async throws {
        try await withStreamServers { http, ws, _ in
            let snapshots = Snapshots()
            snapshots.set("A", #"{"sequence":100,"bids":[[99,1]],"asks":[[101,1]]}"#)
            snapshots.set("B", #"{"sequence":200,"bids":[[9,1]],"asks":[[11,1]]}"#)
            snapshots.install(on: http)
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.book("A"), .book("B")]) { _, events in
                let connection = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "both snapshots") { $0.bookUpdates.filter { $0.action == .snapshot }.count == 2 }
                try await connection.sendBatch([bookDelta("A", 101, "99.5,buy,2"), bookDelta("B", 201, "10,buy,1"), bookDelta("A", 102, "100.5,sell,3")])
                try await events.wait(for: "three deltas") { $0.bookUpdates.filter { $0.action == .delta }.count == 3 }
                snapshots.set("A", #"{"sequence":105,"bids":[[99,1]],"asks":[[100.4,7]]}"#)
                try await connection.sendBatch([bookDelta("A", 104, "98,buy,1"), bookDelta("B", 202, "10.5,buy,1"), bookDelta("A", 105, "97,buy,1"), bookDelta("A", 106, "96,buy,1")])
                let seen = try await events.wait(for: "A resynced") { events in
                    events.bookUpdates.contains { $0.symbol == "A" && $0.sequence == 106 }
                }
                let gap = seen.first { $0.payload.kind == "gap" }
                #expect(gap?.symbol == "A")
                if case .gap(let expected, let received)? = gap?.payload {
                    #expect(expected == 103 && received == 104)
                }
                #expect(seen.filter { $0.payload.kind == "resynced" }.map(\.symbol) == ["A"])
                #expect(http.requests(path: "/snapshot").filter { $0.queryItems.first?.value == "A" }.count == 2)
                #expect(http.requests(path: "/snapshot").filter { $0.queryItems.first?.value == "B" }.count == 1)
                #expect(seen.bookUpdates.filter { $0.symbol == "B" }.map(\.sequence) == [200, 201, 202])
                // A's events after the gap: the new snapshot, then only deltas newer than it.
                let afterGap = seen.bookUpdates.filter { $0.symbol == "A" }.drop { $0.sequence != 105 || $0.action != .snapshot }
                #expect(afterGap.map(\.sequence) == [105, 106])
            }
        }
    }

    @Test("after a reconnect the book is the new snapshot plus later deltas exactly: no ghost levels")
    func noGhostLevels() async throws {
        try await withStreamServers { http, ws, _ in
            let snapshots = Snapshots()
            snapshots.set("A", #"{"sequence":100,"bids":[[99,1]],"asks":[[101,1]]}"#)
            snapshots.install(on: http)
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.book("A")]) { _, events in
                let first = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "snapshot") { $0.bookUpdates.count == 1 }
                try await first.sendBatch([bookDelta("A", 101, "95,buy,9"), bookDelta("A", 102, "105,sell,9")])
                try await events.wait(for: "ghost levels applied") { $0.bookUpdates.count == 3 }
                snapshots.set("A", #"{"sequence":300,"bids":[[98,2]],"asks":[[102,2]]}"#)
                first.abort()
                let second = try await ws.waitForConnections(2)[1]
                try await events.wait(for: "resynced") { $0.count("resynced") == 1 }
                try await second.sendBatch([bookDelta("A", 300, "1,buy,1"), bookDelta("A", 301, "98,buy,3"), bookDelta("A", 302, "103,sell,1")])
                let seen = try await events.wait(for: "new deltas") { $0.bookUpdates.last?.sequence == 302 }
                // Rebuild the book from what a consumer saw after the reconnect.
                let reconnected = seen.firstIndex { $0.payload.kind == "reconnected" }!
                var book = OrderBook(symbol: "A")
                for update in Array(seen[reconnected...]).bookUpdates { try book.apply(update) }
                #expect(book.bids() == [level("98", "3")])
                #expect(book.asks() == [level("102", "2"), level("103", "1")])
                #expect(seen[reconnected...].filter { $0.payload.kind == "book" }.allSatisfy { $0.epoch == 2 })
            }
        }
    }

    @Test("malformed, binary, oversized and unknown frames become events and the stream goes on")
    func badFrames() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            try await withFeed(venue, [.trades("A")]) { _, events in
                let connection = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "subscribed") { $0.count("subscribed") == 1 }
                try await connection.send(text: #"{"type":"message","topic":"/trades:A","data":{"price":"#)
                try await connection.send(binary: [0x1f, 0x8b, 0x08, 0x00])
                try await connection.send(text: "[" + String(repeating: "1,", count: 512 * 1024) + "1]")
                try await connection.sendRaw(ScriptedWebSocketConnection.frame(opcode: 0x1, payload: [0x7b, 0xff, 0xfe, 0x7d]))
                try await connection.send(text: #"{"type":"message","topic":"/mystery:A","subject":"odd","data":{}}"#)
                try await connection.send(text: trade("A", id: "after", price: "1.0E2"))
                let seen = try await events.wait(for: "the trade after the junk") { $0.trades.count == 1 }
                #expect(seen.count("decode_failure") == 4)
                #expect(seen.count("unhandled") == 1)
                #expect(seen.trades.first?.price == Decimal(100))
                for event in seen where event.payload.kind == "decode_failure" {
                    if case .decodeFailure(_, let excerpt) = event.payload { #expect(excerpt.utf8.count <= 256) }
                }
                #expect(seen.count("disconnected") == 0)
            }
        }
    }

    @Test("a slow consumer with dropOldest loses only what the dropped events count")
    func slowConsumerDrops() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            var configuration = testFeedConfiguration
            configuration.buffer = BufferPolicy(capacity: 100, whenFull: .dropOldest)
            try await withFeed(venue, [.trades("A")], configuration: configuration, consume: false) { feed, _ in
                let connection = try await ws.waitForConnections(1)[0]
                _ = try await connection.waitForText(count: 1)
                try await connection.sendBatch((1...3000).map { trade("A", id: "\($0)") })
                try await connection.send(text: trade("A", id: "last"))
                var iterator = feed.events.makeAsyncIterator()
                var dropped = 0
                var ids: [String] = []
                while ids.last != "last", let event = try await iterator.next() {
                    if case .dropped(let count) = event.payload { dropped += count }
                    if case .trade(let trade) = event.payload { ids.append(trade.tradeID) }
                }
                #expect(dropped > 0)
                #expect(ids.count + dropped >= 3001, "every trade is delivered or counted")
                let numbers = ids.dropLast().compactMap(Int.init)
                #expect(numbers == numbers.sorted(), "order is kept")
            }
        }
    }

    @Test("a slow consumer with suspend gets everything, in order")
    func slowConsumerSuspends() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            var configuration = testFeedConfiguration
            configuration.buffer = BufferPolicy(capacity: 50, whenFull: .suspend)
            try await withFeed(venue, [.trades("A")], configuration: configuration, consume: false) { feed, _ in
                let connection = try await ws.waitForConnections(1)[0]
                _ = try await connection.waitForText(count: 1)
                try await connection.sendBatch((1...5000).map { trade("A", id: "\($0)") })
                var iterator = feed.events.makeAsyncIterator()
                var ids: [Int] = []
                while ids.count < 5000, let event = try await iterator.next() {
                    #expect(event.payload.kind != "dropped")
                    if case .trade(let trade) = event.payload, let id = Int(trade.tradeID) {
                        ids.append(id)
                        if ids.count % 500 == 0 { try await Task.sleep(for: .milliseconds(2)) }  // a consumer that dawdles
                    }
                }
                #expect(ids == Array(1...5000))
            }
        }
    }

    @Test("the outbound guard holds the venue's message rate, pings included")
    func outboundRate() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let window = Duration.milliseconds(600)
            let venue = TestStreamVenue(
                httpURL: http.baseURL,
                limits: StreamLimits(subscriptionsPerConnection: 100, outboundMessages: 5, outboundWindow: window, reservedForHeartbeat: 1),
                heartbeat: Heartbeat(interval: .milliseconds(50), timeout: .seconds(5)))
            try await withFeed(venue, (1...12).map { .trades("S\($0)") }) { _, events in
                try await events.wait(for: "all subscribed") { $0.count("subscribed") == 12 }
                let frames = ws.connections[0].received.filter { $0.kind == .text }
                let times = frames.map(\.receivedAt)
                #expect(frames.count >= 12)
                for (index, time) in times.enumerated() {
                    // Arrival times jitter on a loaded machine; a window shortened by 100 ms still never holds more than 5.
                    let inWindow = times[index...].prefix { $0 < time.advanced(by: window - .milliseconds(100)) }.count
                    #expect(inWindow <= 5, "more than 5 client messages within \(window)")
                }
                #expect(frames.contains { $0.text?.contains("ping") == true })
            }
        }
    }

    @Test("cancelling the stream closes its connection promptly")
    func cancellation() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL)
            let feed = FeedStream(venue: venue, subscriptions: [.trades("A")], configuration: testFeedConfiguration)
            let task = Task { try await feed.run() }
            let connection = try await ws.waitForConnections(1)[0]
            _ = try await connection.waitForText(count: 1)
            let started = ContinuousClock.now
            task.cancel()
            _ = await task.result
            try await connection.waitUntilClosed(timeout: .seconds(2))
            #expect(ContinuousClock.now - started < .seconds(3), "cancellation closes at once, not after a close handshake")
            // The events end once the stream stopped.
            var iterator = feed.events.makeAsyncIterator()
            var kinds: [String] = []
            while let event = try await iterator.next() { kinds.append(event.payload.kind) }
            #expect(kinds.contains("connected"))
        }
    }

    @Test("venue.stream(...) runs while iterated and stops when iteration stops")
    func runningFeed() async throws {
        try await withStreamServers { http, ws, _ in
            let venue = TestStreamVenue(httpURL: http.baseURL)
            ws.onConnection { connection in
                async let script: Void = VenueScript().run(connection)
                _ = try? await connection.waitForText(count: 1)
                try? await connection.sendBatch((1...3).map { trade("A", id: "\($0)") })
                await script
            }
            var trades: [String] = []
            for try await event in venue.stream([.trades("A")], configuration: testFeedConfiguration) {
                if case .trade(let trade) = event.payload { trades.append(trade.tradeID) }
                if trades.count == 3 { break }
            }
            #expect(trades == ["1", "2", "3"])
            try await ws.connections[0].waitUntilClosed(timeout: .seconds(3))
        }
    }
}

import Synchronization
