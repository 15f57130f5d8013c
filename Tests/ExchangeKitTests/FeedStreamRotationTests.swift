import ExchangeKit
import ExchangeKitTesting
import Foundation
import MetricsTestKit
import Synchronization
import Testing

/// One market every connection of the test venue sees alike, as an exchange's fan-out does: each
/// step makes the next trade (ids 1, 2, …) and the next book delta (consecutive sequences) and
/// sends them to every connection subscribed to their topics. The snapshot route answers the book
/// as it stands, so a snapshot and the stream always agree.
final class BroadcastMarket: Sendable {
    struct State {
        var subscribers: [(connection: ScriptedWebSocketConnection, topic: String)] = []
        var trades = 0
        var sequence: Int64 = 100
        var bids: [Int: Int] = [95: 1, 96: 1, 97: 1, 98: 1, 99: 1]
        var isPaused = false
        /// Whether the one full position was sent: every later position frame is a mark-price patch.
        var fullPositionSent = false
    }

    let symbol: String
    let state = Mutex(State())

    init(symbol: String) { self.symbol = symbol }

    /// Serves one connection: welcome, pongs, acks (or, for the topics `refuse` names, an error),
    /// and the market's frames once subscribed.
    func serve(_ connection: ScriptedWebSocketConnection, acknowledge: Bool = true,
               refuse: @Sendable (String) -> Bool = { _ in false }) async {
        do {
            try await connection.send(text: #"{"id":"c1","type":"welcome"}"#)
            while true {
                let text = try await connection.nextText(timeout: .seconds(120))
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                      let type = object["type"] as? String, let id = object["id"] as? String else { continue }
                if type == "ping" {
                    try await connection.send(text: #"{"id":"\#(id)","type":"pong"}"#)
                } else if type == "subscribe", let topic = object["topic"] as? String, refuse(topic) {
                    try await connection.send(text: #"{"id":"\#(id)","type":"error","code":404,"data":"topic does not exist"}"#)
                } else if type == "subscribe", acknowledge, let topic = object["topic"] as? String {
                    // Acked and registered in one step of the market, so no frame of the topic precedes the ack.
                    try await connection.send(text: #"{"id":"\#(id)","type":"ack"}"#)
                    state.withLock { $0.subscribers.append((connection, topic)) }
                }
            }
        } catch {
            // The connection closed or the test ended.
        }
    }

    /// The book as the snapshot route answers it.
    func snapshot() -> ScriptedResponse {
        state.withLock { state in
            let bids = state.bids.sorted { $0.key > $1.key }.map { "[\($0.key),\($0.value)]" }.joined(separator: ",")
            return .json(#"{"sequence":\#(state.sequence),"bids":[\#(bids)],"asks":[[200,1]]}"#)
        }
    }

    /// Makes steps every `interval` until the task is cancelled.
    func run(every interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let frames = state.withLock { state -> [(ScriptedWebSocketConnection, String)] in
                guard !state.isPaused else { return [] }
                state.trades += 1
                state.sequence += 1
                let price = 95 + Int(state.sequence % 5)
                let size = Int(state.sequence % 7)
                state.bids[price] = size == 0 ? nil : size
                let trade = trade(symbol, id: "\(state.trades)")
                let delta = bookDelta(symbol, state.sequence, "\(price),buy,\(size)")
                let positionTopic = "/positions:\(symbol)"
                let quantity = state.fullPositionSent ? "" : #""qty":"3","#
                state.fullPositionSent = state.fullPositionSent || state.subscribers.contains { $0.topic == positionTopic }
                let position = #"{"type":"message","topic":"\#(positionTopic)","data":{\#(quantity)"mark":"\#(state.trades)"}}"#
                return state.subscribers.compactMap { subscriber in
                    if subscriber.topic == "/trades:\(symbol)" { return (subscriber.connection, trade) }
                    if subscriber.topic == "/book:\(symbol)" { return (subscriber.connection, delta) }
                    if subscriber.topic == positionTopic { return (subscriber.connection, position) }
                    return nil
                }
            }
            for (connection, frame) in frames where !connection.isClosed {
                try? await connection.send(text: frame)
            }
        }
    }

    /// Stops making steps; returns the last trade id and the book's sequence.
    func pause() -> (trades: Int, sequence: Int64, bids: [PriceLevel]) {
        state.withLock { state in
            state.isPaused = true
            return (state.trades, state.sequence,
                    state.bids.sorted { $0.key > $1.key }.map { PriceLevel(price: Decimal($0.key), size: Decimal($0.value)) })
        }
    }
}

@Suite("FeedStream: a connection's lifetime limit is met by a successor dialled before it, without loss", .timeLimit(.minutes(1)))
struct FeedStreamRotationTests {
    /// Loopback timings with a lead of one second before the lifetime's end.
    static var configuration: FeedConfiguration {
        var configuration = FeedConfiguration.loopbackTesting
        configuration.rotationLead = .seconds(1)
        return configuration
    }

    /// Streams `subscriptions` of a market stepping every 4 ms over connections that live 3 s, until
    /// the rotation and 300 ms more; then pauses the market and hands `body` what it made last.
    func afterRotation(_ subscriptions: [Subscription], metrics: TestMetrics = TestMetrics(),
                       _ body: @Sendable (EventCollector, ScriptedWebSocketServer, TokenIssuer,
                                          (trades: Int, sequence: Int64, bids: [PriceLevel])) async throws -> Void) async throws {
        try await withStreamServers { http, ws, issuer in
            let market = BroadcastMarket(symbol: "XBTUSDTM")
            http.route("GET", "/snapshot") { _ in market.snapshot() }
            ws.onConnection { await market.serve($0) }
            var venue = TestStreamVenue(httpURL: http.baseURL)
            venue.maximumLifetime = .seconds(3)
            try await withFeed(venue, subscriptions, configuration: Self.configuration, metrics: metrics) { _, events in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await market.run(every: .milliseconds(4)) }
                    try await events.wait(for: "the rotation", timeout: .seconds(15)) { $0.count("rotated") == 1 }
                    try await Task.sleep(for: .milliseconds(300))
                    try await body(events, ws, issuer, market.pause())
                    group.cancelAll()
                }
            }
        }
    }

    @Test("the successor takes over: every trade once and in order, the book continues by deltas, no disconnect")
    func rotationWithoutLoss() async throws {
        let metrics = TestMetrics()
        try await afterRotation([.trades("XBTUSDTM"), .book("XBTUSDTM")], metrics: metrics) { events, ws, issuer, last in
            let seen = try await events.wait(for: "every trade and delta") {
                $0.trades.last?.tradeID == "\(last.trades)" && $0.bookUpdates.last?.sequence == last.sequence
            }

            #expect(seen.count("rotated") == 1)
            #expect(seen.disconnectReasons.isEmpty)
            #expect(seen.count("reconnected") == 0 && seen.count("connected") == 1)
            #expect(seen.count("subscribed") == 2)
            #expect(issuer.tokens.count == 2)
            #expect(ws.connections.count == 2)
            let first = try #require(ws.connections.first)
            try await first.waitUntilClosed(timeout: .seconds(5))

            // Trades: the first connection's, then the successor's, each id once, none missing.
            let trades = seen.filter { $0.payload.kind == "trade" }
            let ids = trades.compactMap { event -> Int? in if case .trade(let t) = event.payload { Int(t.tradeID) } else { nil } }
            let firstID = try #require(ids.first)
            #expect(ids == Array(firstID ... last.trades))
            let rotation = try #require(seen.firstIndex { $0.payload.kind == "rotated" })
            #expect(seen[rotation].epoch == 2)
            #expect(seen[..<rotation].filter(\.isData).allSatisfy { $0.epoch == 1 })
            #expect(seen[rotation...].filter(\.isData).allSatisfy { $0.epoch == 2 })
            #expect(seen[rotation...].contains { $0.payload.kind == "trade" } && seen[..<rotation].contains { $0.payload.kind == "trade" })

            // The book: one snapshot, then consecutive deltas across the rotation, ending as the market's.
            let updates = seen.bookUpdates
            #expect(updates.filter { $0.action == .snapshot }.count == 1)
            #expect(seen.count("resynced") == 0)
            let sequences = updates.map(\.sequence)
            #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $1 == $0 + 1 })
            let book = try seen.book()
            #expect(book.sequence == last.sequence)
            #expect(book.bids() == last.bids)
            let dimensions = [("venue", "test-stream"), ("connection", "0")]
            #expect(try metrics.expectCounter("exchangekit_stream_rotations_total", dimensions).totalValue == 1)
            #expect(try metrics.expectCounter("exchangekit_stream_reconnects_total", dimensions).totalValue == 0)
        }
    }

    @Test("a successor whose hold fills before its book is ready is given up and another dialled; the planned reconnect remains")
    func holdOverflow() async throws {
        try await withStreamServers { http, ws, _ in
            let market = BroadcastMarket(symbol: "XBTUSDTM")
            // The first connection's snapshot is answered; every later one never is, so no successor gets ready.
            let snapshots = Atomic(0)
            http.route("GET", "/snapshot") { _ in
                snapshots.add(1, ordering: .relaxed).newValue == 1 ? market.snapshot() : .fault(.stall)
            }
            ws.onConnection { await market.serve($0) }
            var venue = TestStreamVenue(httpURL: http.baseURL)
            venue.maximumLifetime = .seconds(3)
            var configuration = Self.configuration
            configuration.buffer = BufferPolicy(capacity: 64)
            try await withFeed(venue, [.trades("XBTUSDTM"), .book("XBTUSDTM")], configuration: configuration) { _, events in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await market.run(every: .milliseconds(2)) }
                    let seen = try await events.wait(for: "the planned reconnect", timeout: .seconds(15)) { $0.count("reconnected") == 1 }
                    group.cancelAll()
                    #expect(seen.count("rotated") == 0)
                    #expect(seen.disconnectReasons == seen.disconnectReasons.filter { $0.contains("planned reconnect") })
                    // The first connection, at least two successors given up in its last second, then the reconnect.
                    #expect(ws.connections.count >= 4)
                    // The successors were acknowledged, but nothing of theirs reached the consumer.
                    let reconnect = try #require(seen.firstIndex { $0.payload.kind == "reconnected" })
                    #expect(Array(seen[..<reconnect]).count("subscribed") == 2)
                    #expect(ws.connections[1].receivedTexts.filter { $0.contains(#""type":"subscribe""#) }.count == 2)
                }
            }
        }
    }

    /// A feed of one trades subscription whose successor (the market's second connection) is never
    /// acknowledged, so it never gets ready; `body` runs while the market makes steps.
    func withUnreadySuccessor(lifetime: Duration, _ body: @Sendable (ScriptedWebSocketServer, EventCollector) async throws -> Void) async throws {
        try await withStreamServers { http, ws, _ in
            let market = BroadcastMarket(symbol: "XBTUSDTM")
            ws.onConnection { connection in await market.serve(connection, acknowledge: connection.id != 2) }
            var venue = TestStreamVenue(httpURL: http.baseURL)
            venue.maximumLifetime = lifetime
            var configuration = Self.configuration
            configuration.ackTimeout = .seconds(5)
            try await withFeed(venue, [.trades("XBTUSDTM")], configuration: configuration) { _, events in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await market.run(every: .milliseconds(10)) }
                    try await body(ws, events)
                    group.cancelAll()
                }
            }
        }
    }

    @Test("positions: the successor merges mark-price patches into the position the old connection knew; each patch once")
    func positionsCarriedOver() async throws {
        try await afterRotation([.trades("XBTUSDTM"), .positions("XBTUSDTM")]) { events, _, _, last in
            let seen = try await events.wait(for: "every patch") { events in
                events.contains { if case .position(let p) = $0.payload { p.markPrice == Decimal(last.trades) } else { false } }
            }
            // Without the old connection's position the successor could only say "no full position yet".
            #expect(seen.count("unhandled") == 0)
            let positions = seen.compactMap { if case .position(let p) = $0.payload { p } else { nil } }
            #expect(positions.allSatisfy { $0.size == 3 })
            let marks = positions.compactMap(\.markPrice)
            #expect(zip(marks, marks.dropFirst()).allSatisfy { $1 == $0 + 1 }, "every patch once, in order")
            let rotation = try #require(seen.firstIndex { $0.payload.kind == "rotated" })
            #expect(seen[rotation...].contains { $0.payload.kind == "position" })
        }
    }

    @Test("a book the successor is refused does not hold it back: it takes over and reports that subscription failed")
    func successorRefusedBook() async throws {
        try await withStreamServers { http, ws, _ in
            let market = BroadcastMarket(symbol: "XBTUSDTM")
            http.route("GET", "/snapshot") { _ in market.snapshot() }
            ws.onConnection { connection in await market.serve(connection, refuse: { connection.id == 2 && $0.hasPrefix("/book:") }) }
            var venue = TestStreamVenue(httpURL: http.baseURL)
            venue.maximumLifetime = .seconds(3)
            try await withFeed(venue, [.trades("XBTUSDTM"), .book("XBTUSDTM")], configuration: Self.configuration) { _, events in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await market.run(every: .milliseconds(10)) }
                    let seen = try await events.wait(for: "the rotation", timeout: .seconds(15)) { $0.count("rotated") == 1 }
                    group.cancelAll()
                    #expect(seen.disconnectReasons.isEmpty)
                    let rotation = try #require(seen.firstIndex { $0.payload.kind == "rotated" })
                    let failures = seen[rotation...].compactMap { if case .subscriptionFailed(let s, let why) = $0.payload { (s, why) } else { nil } }
                    #expect(failures.map(\.0) == [.book("XBTUSDTM")] && failures.allSatisfy { $0.1.contains("404") })
                }
            }
        }
    }

    @Test("a successor that cannot get ready: the planned reconnect at the lifetime's end, as before")
    func fallbackToPlannedReconnect() async throws {
        try await withUnreadySuccessor(lifetime: .seconds(3)) { ws, events in
            let seen = try await events.wait(for: "the planned reconnect", timeout: .seconds(15)) { $0.count("reconnected") == 1 }
            #expect(seen.count("rotated") == 0)
            #expect(seen.disconnectReasons.count == 1)
            #expect(seen.disconnectReasons.allSatisfy { $0.contains("planned reconnect") && $0.contains("no successor took over") })
            #expect(ws.connections.count >= 3)
            #expect(ws.connections[1].receivedTexts.contains { $0.contains(#""type":"subscribe""#) })
            try await ws.connections[1].waitUntilClosed(timeout: .seconds(5))
        }
    }

    @Test("a successor whose endpoint cannot be fetched is dialled again; the live connection goes on meanwhile")
    func successorEndpointFails() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                let market = BroadcastMarket(symbol: "XBTUSDTM")
                ws.onConnection { await market.serve($0) }
                // Tokens for the first connection and the third request; the second (the first successor's) fails.
                let bullets = Atomic(0)
                http.route("POST", "/bullet") { _ in
                    let count = bullets.add(1, ordering: .relaxed).newValue
                    return count == 2 ? .json(#"{"error":"refused"}"#, status: 400) : .json(#"{"token":"t\#(count)","endpoint":"\#(ws.url)/"}"#)
                }
                var venue = TestStreamVenue(httpURL: http.baseURL)
                venue.maximumLifetime = .seconds(3)
                try await withFeed(venue, [.trades("XBTUSDTM")], configuration: Self.configuration) { _, events in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { await market.run(every: .milliseconds(10)) }
                        let seen = try await events.wait(for: "the rotation", timeout: .seconds(15)) { $0.count("rotated") == 1 }
                        group.cancelAll()
                        #expect(seen.disconnectReasons.isEmpty && seen.count("reconnected") == 0)
                        #expect(bullets.load(ordering: .relaxed) >= 3)
                        #expect(ws.dials.map { $0.queryValue("token") }.prefix(2) == ["t1", "t3"])
                    }
                }
            }
        }
    }

    @Test("rotatesAheadOfLifetime off: no successor; the connection is replaced by a planned reconnect at the limit")
    func rotationOff() async throws {
        try await withStreamServers { http, ws, _ in
            let market = BroadcastMarket(symbol: "XBTUSDTM")
            ws.onConnection { await market.serve($0) }
            var venue = TestStreamVenue(httpURL: http.baseURL)
            venue.maximumLifetime = .seconds(2)
            var configuration = Self.configuration
            configuration.rotatesAheadOfLifetime = false
            try await withFeed(venue, [.trades("XBTUSDTM")], configuration: configuration) { _, events in
                let seen = try await events.wait(for: "the planned reconnect", timeout: .seconds(15)) { $0.count("reconnected") == 1 }
                #expect(seen.count("rotated") == 0)
                #expect(seen.disconnectReasons.count == 1 && seen.disconnectReasons[0].contains("planned reconnect"))
                // No successor was dialled: the first connection and the reconnect's, nothing else.
                let first = try await ws.waitForConnections(1)[0]
                #expect(first.isClosed && ws.connections.count == 2)
            }
        }
    }

    @Test("the live connection drops while its successor gets ready: the successor is given up, a reconnect follows")
    func liveDropsFirst() async throws {
        try await withUnreadySuccessor(lifetime: .seconds(4)) { ws, events in
            let first = try await ws.waitForConnections(1)[0]
            let second = try await ws.waitForConnections(2, timeout: .seconds(10))[1]
            _ = try await second.waitForText { $0.contains(#""type":"subscribe""#) }
            first.abort()
            let seen = try await events.wait(for: "the reconnect", timeout: .seconds(10)) { $0.count("reconnected") == 1 }
            #expect(seen.count("rotated") == 0)
            #expect(seen.disconnectReasons.count == 1)
            try await second.waitUntilClosed(timeout: .seconds(5))
        }
    }
}
