import ExchangeKit

/// The connection-level fault checks: what a venue's stream does when the server drops,
/// stalls, refuses or never greets it.
enum ConnectionFaultChecks {
    static func all(for profile: any ConformanceProfile) -> [ConformanceCheck] {
        var checks = [abruptClose, goingAway, halfOpen, resubscription, slowConsumer, sharding, rotation]
        if profile.usesTokens { checks.insert(tokenRefused, at: 0) }
        if profile.sendsWelcome { checks.append(handshake) }
        return checks
    }

    static let tokenRefused = ConformanceCheck(.faults, "token-refused-on-redial", "a redial whose token the server refuses (401) is followed by a new token fetched and a dial that succeeds; no token is used twice") { context in
        try await StreamHarness.with(context) { h in
            h.server.script()
            let dials = DialCounter()
            h.server.ws.setUpgradeGate { _ in
                dials.next() == 2 ? .reject(status: 401, body: #"{"code":"401","msg":"token is expired"}"#) : .accept
            }
            try await withFeed(h.venue, [.trades(h.symbol)], configuration: StreamHarness.configuration) { _, events in
                let first = try await h.server.ws.waitForConnections(1, timeout: .seconds(10))[0]
                try await events.wait(for: "subscribed", timeout: .seconds(15)) { $0.count("subscribed") >= 1 }
                first.abort()
                let second = try await h.server.ws.waitForConnections(2, timeout: .seconds(15))[1]
                try await h.server.waitForTopics(1, on: second)
                let trade = try await h.trade(1, on: second, events)
                let tokens = h.server.ws.dials.map { h.server.profile.token(of: $0) }
                try require(tokens.count >= 3, "expected a refused redial and another dial; dials: \(tokens)")
                try require(tokens.allSatisfy { $0 != nil }, "a dial carried no token the profile can read: \(tokens)")
                try require(Set(tokens).count == tokens.count, "a token was used twice: \(tokens)")
                try require(tokens.allSatisfy { h.server.tokens.tokens.contains($0 ?? "") }, "a dial used a token the endpoint never issued: \(tokens)")
                try require(trade.epoch >= 2, "data after the redial carries epoch \(trade.epoch)")
            }
        }
    }

    static let abruptClose = dropCheck("abrupt-close", "after an abrupt TCP reset the stream reports disconnected, dials again with a new token, resubscribes and delivers data at the next epoch") { connection in
        connection.abort()
    } reason: { _ in true }

    static let goingAway = dropCheck("close-1001", "after a close frame 1001 (going away) the stream reports disconnected naming 1001, reconnects and resubscribes") { connection in
        try await connection.close(code: 1001, reason: "going away")
    } reason: { $0.contains("1001") }

    /// A drop, then the same recovery demanded of every drop.
    static func dropCheck(
        _ rule: String, _ summary: String, drop: @escaping @Sendable (ScriptedWebSocketConnection) async throws -> Void,
        reason: @escaping @Sendable (String) -> Bool
    ) -> ConformanceCheck {
        ConformanceCheck(.faults, rule, summary) { context in
            try await StreamHarness.with(context) { h in
                h.server.script()
                try await withFeed(h.venue, [.trades(h.symbol)], configuration: StreamHarness.configuration) { _, events in
                    let first = try await h.server.ws.waitForConnections(1, timeout: .seconds(10))[0]
                    let before = try await h.server.waitForTopics(1, on: first)
                    try await h.trade(1, on: first, events)
                    try await drop(first)
                    let second = try await h.server.ws.waitForConnections(2, timeout: .seconds(15))[1]
                    let after = try await h.server.waitForTopics(before.count, on: second)
                    let trade = try await h.trade(2, on: second, events)
                    let seen = try await events.wait(for: "reconnected", timeout: .seconds(15)) { $0.count("reconnected") >= 1 }
                    let disconnects = seen.compactMap { if case .disconnected(let why) = $0.payload { why } else { nil } }
                    try require(!disconnects.isEmpty, "no disconnected event: \(seen.kinds())")
                    try require(disconnects.contains(where: reason), "the disconnected reason does not say what happened: \(disconnects)")
                    try require(Set(after) == Set(before), "resubscribed to \(after), had \(before)")
                    try require(trade.epoch == 2, "data after the reconnect carries epoch \(trade.epoch), expected 2")
                    if h.server.profile.usesTokens {
                        let tokens = h.server.ws.dials.compactMap { h.server.profile.token(of: $0) }
                        try require(Set(tokens).count == tokens.count && tokens.count >= 2, "the redial reused a token: \(tokens)")
                    }
                }
            }
        }
    }

    static let rotation = ConformanceCheck(.faults, "rotation", "a connection rotated before its lifetime ends hands over to a successor dialled ahead: `rotated`, no disconnect, and every trade sent to both connections (as an exchange's fan-out does) arrives once and in order") { context in
        try await StreamHarness.with(context) { h in
            h.server.script()
            var configuration = StreamHarness.configuration
            configuration.connectionLifetime = .seconds(3)
            configuration.rotationLead = .seconds(1)
            try await withFeed(h.venue, [.trades(h.symbol)], configuration: configuration) { _, events in
                let first = try await h.server.ws.waitForConnections(1, timeout: .seconds(10))[0]
                try await h.server.waitForTopics(1, on: first)
                // Trades every 5 ms: to the first connection, and to its successor as soon as it subscribed,
                // until 50 trades after the rotation.
                var sent = 0
                var successor: ScriptedWebSocketConnection?
                var rotatedAt: Int?
                let deadline = ContinuousClock.now.advanced(by: .seconds(20))
                while ContinuousClock.now < deadline, rotatedAt.map({ sent < $0 + 50 }) ?? true {
                    if successor == nil, h.server.ws.connections.count >= 2, !h.server.subscribedTopics(h.server.ws.connections[1]).isEmpty {
                        successor = h.server.ws.connections[1]
                    }
                    let frame = h.context.profile.tradeFrame(symbol: h.symbol, index: sent)
                    for connection in [first, successor].compactMap({ $0 }) where !connection.isClosed {
                        try? await connection.send(text: frame)
                    }
                    sent += 1
                    if rotatedAt == nil, events.events.contains(where: { $0.payload.kind == "rotated" }) { rotatedAt = sent }
                    try await Task.sleep(for: .milliseconds(5))
                }
                try require(rotatedAt != nil, "no rotated event within 20 s of a 3 s connection lifetime")
                let expected = try (0..<sent).map { try h.tradeID($0) }
                let seen = try await events.wait(for: "the last trade", timeout: .seconds(10)) { $0.trades.last?.tradeID == expected.last }
                try require(seen.disconnectReasons.isEmpty, "the rotation disconnected: \(seen.disconnectReasons)")
                let ids = seen.trades.map(\.tradeID)
                let missing = Set(expected).subtracting(ids)
                try require(ids == expected, "trades across the rotation not each once and in order: \(ids.count) of \(expected.count), missing \(missing.sorted().prefix(5)), repeated \(ids.count - Set(ids).count)")
            }
        }
    }

    static let halfOpen = ConformanceCheck(.faults, "half-open-stall", "a server that goes silent with TCP still open is detected by the heartbeat: stale, disconnected, then a new connection") { context in
        try await StreamHarness.with(context) { h in
            h.server.script()
            try await withFeed(h.venue, [.trades(h.symbol)], configuration: StreamHarness.configuration) { _, events in
                let first = try await h.server.ws.waitForConnections(1, timeout: .seconds(10))[0]
                try await h.server.waitForTopics(1, on: first)
                first.goSilent()
                let seen = try await events.wait(for: "stale, then reconnected", timeout: .seconds(30)) { $0.count("reconnected") >= 1 }
                guard let stale = seen.firstIndex(where: { $0.payload.kind == "stale" }) else {
                    throw ConformanceFailure("no stale event before the reconnect: \(seen.kinds())")
                }
                try require(seen[stale...].contains { $0.payload.kind == "disconnected" }, "stale was not followed by disconnected: \(seen.kinds())")
                let second = try await h.server.ws.waitForConnections(2)[1]
                try await h.trade(1, on: second, events)
            }
        }
    }

    static let resubscription = ConformanceCheck(.faults, "resubscribe-all", "after a reconnect every subscription still wanted — those added while running included, those removed excluded — is sent again") { context in
        let channels = context.profile.plugin.capabilities.channels
        try await StreamHarness.with(context) { h in
            h.server.script()
            h.server.setSnapshot(h.snapshot(100, bids: [("99", "1")], asks: [("101", "1")]))
            var candidates: [Subscription] = [.trades(h.symbol)]
            if channels.contains(.ticker) { candidates.append(.ticker(h.symbol)) }
            if channels.contains(.book) { candidates.append(.book(h.symbol)) }
            if channels.contains(.candles) { candidates.append(.candles(h.symbol, interval: context.profile.parameters.candleInterval)) }
            // Those that share the trades' connection (a venue may split its streams over routes).
            let route = h.venue.route(of: .trades(h.symbol))
            let initial = candidates.filter { h.venue.route(of: $0) == route }
            let removed = initial.count > 1 ? initial[1] : nil
            let subscriptions = initial
            try await withFeed(h.venue, subscriptions, configuration: StreamHarness.configuration) { feed, events in
                let first = try await h.server.ws.waitForConnections(1, timeout: .seconds(10))[0]
                let start = try await h.server.waitForTopics(subscriptions.count, on: first)
                let added = Subscription.trades(h.symbol + "2")
                feed.subscribe([added])
                let grown = try await h.server.waitForTopics(start.count + 1, on: first)
                var wanted = Set(grown)
                if let removed {
                    feed.unsubscribe([removed])
                    _ = try await first.waitForText(where: { h.server.profile.interpret(clientText: $0)?.kind == .unsubscribe }, timeout: .seconds(10))
                    let dropped = first.receivedTexts.compactMap(h.server.profile.interpret(clientText:)).filter { $0.kind == .unsubscribe }.flatMap(\.topics)
                    wanted.subtract(dropped)
                }
                first.abort()
                let expected = wanted
                let second = try await h.server.ws.waitForConnections(2, timeout: .seconds(15))[1]
                try await h.server.waitForTopics(expected.count, on: second, timeout: .seconds(15))
                try await events.wait(for: "every subscription confirmed again", timeout: .seconds(15)) { events in
                    guard let reconnect = events.firstIndex(where: { $0.payload.kind == "reconnected" }) else { return false }
                    return Array(events[reconnect...]).count("subscribed") >= expected.count
                }
                let restored = Set(h.server.subscribedTopics(second))
                try require(restored == expected, "after the reconnect subscribed to \(restored.sorted()), wanted \(expected.sorted())")
            }
        }
    }

    static let slowConsumer = ConformanceCheck(.faults, "slow-consumer", "a consumer slower than the venue loses nothing with suspend (all in order), and with dropOldest loses only what dropped events count") { context in
        try await StreamHarness.with(context) { h in
            h.server.script()
            let count = 3000
            let frames = (0..<count).map { h.context.profile.tradeFrame(symbol: h.symbol, index: $0) }
            let ids = try (0..<count).map { try h.tradeID($0) }
            // Nobody reads while the venue floods the feed; then everything is read.
            try await flood(h, BufferPolicy(capacity: 50, whenFull: .suspend), connection: 0, frames: frames) { iterator in
                var received: [String] = []
                while received.count < count, let event = try await iterator.next() {
                    try require(event.payload.kind != "dropped", "suspend dropped events")
                    if case .trade(let trade) = event.payload { received.append(trade.tradeID) }
                }
                try require(received == ids, "suspend delivered \(received.count) trades, not all \(count) in order")
            }
            try await flood(h, BufferPolicy(capacity: 100, whenFull: .dropOldest), connection: 1, frames: frames) { iterator in
                var received: [String] = []
                var dropped = 0
                while received.last != ids.last, let event = try await iterator.next() {
                    if case .dropped(let n) = event.payload { dropped += n }
                    if case .trade(let trade) = event.payload { received.append(trade.tradeID) }
                }
                let positions = received.compactMap { ids.firstIndex(of: $0) }
                try require(positions == positions.sorted() && positions.count == received.count, "dropOldest reordered or invented trades")
                try require(received.count + dropped >= count, "\(count - received.count) trades missing, only \(dropped) counted as dropped")
            }
        }
    }

    /// Runs a feed with `buffer` that nobody reads, sends `frames` in one batch on the feed's
    /// connection (the `connection`-th the server accepted), then lets `read` consume the events.
    static func flood(
        _ h: StreamHarness, _ buffer: BufferPolicy, connection index: Int, frames: [String],
        read: @Sendable (inout FeedStream.Events.Iterator) async throws -> Void
    ) async throws {
        var configuration = StreamHarness.configuration
        configuration.buffer = buffer
        try await withFeed(h.venue, [.trades(h.symbol)], configuration: configuration, consume: false) { feed, _ in
            let connection = try await h.server.ws.waitForConnections(index + 1, timeout: .seconds(10))[index]
            try await h.server.waitForTopics(1, on: connection)
            try await connection.sendBatch(frames)
            var iterator = feed.events.makeAsyncIterator()
            try await read(&iterator)
        }
    }

    static let sharding = ConformanceCheck(.faults, "topic-limit-sharding", "subscriptions beyond the venue's per-connection topic limit are spread over more connections, none above the limit, every one subscribed") { context in
        try await StreamHarness.with(context) { h in
            h.server.script()
            let limit = h.venue.limits.subscriptionsPerConnection
            guard limit <= 2048 else { throw ConformanceFailure("the venue's topic limit (\(limit)) is too large to exercise; a profile for it should not include this check") }
            let subscriptions = (0...limit).map { Subscription.trades(h.symbol + "S\($0)") }
            try await withFeed(h.venue, subscriptions, configuration: StreamHarness.configuration) { feed, events in
                try require(feed.connectionCount == 2, "\(subscriptions.count) subscriptions with a limit of \(limit) use \(feed.connectionCount) connection(s), expected 2")
                // Pacing by the venue's outbound message rate may take a window or two.
                let seen = try await events.wait(for: "every subscription confirmed", timeout: .seconds(60)) { events in
                    Set(events.compactMap { if case .subscribed(let s) = $0.payload { s } else { nil } }).count >= subscriptions.count
                }
                try require(seen.count("subscription_failed") == 0 && seen.count("disconnected") == 0,
                            "subscribing \(subscriptions.count) topics failed or dropped a connection: \(seen.count("subscription_failed")) subscription_failed, \(seen.count("disconnected")) disconnected")
                let connections = h.server.ws.connections
                let counts = connections.map { Set(h.server.subscribedTopics($0)).count }.sorted()
                try require(connections.count == 2 && counts == [1, limit], "topics per connection \(counts), expected [1, \(limit)]")
                let all = Set(connections.flatMap { h.server.subscribedTopics($0) })
                try require(all.count == subscriptions.count, "\(all.count) distinct topics subscribed, expected \(subscriptions.count)")
            }
        }
    }

    static let handshake = ConformanceCheck(.faults, "handshake-never-comes", "a connection whose welcome never comes is abandoned with nothing sent on it; the next connection proceeds") { context in
        try await StreamHarness.with(context) { h in
            h.server.script(welcome: { $0.id > 1 })
            try await withFeed(h.venue, [.trades(h.symbol)], configuration: StreamHarness.configuration) { _, events in
                let connections = try await h.server.ws.waitForConnections(2, timeout: .seconds(40))
                try await h.server.waitForTopics(1, on: connections[1])
                try await h.trade(1, on: connections[1], events)
                let seen = events.events
                try require(seen.first?.payload.kind == "disconnected", "the first event is \(seen.first?.payload.kind ?? "none"), expected disconnected")
                try require(h.server.subscribedTopics(connections[0]).isEmpty, "the client subscribed before the welcome")
            }
        }
    }
}
