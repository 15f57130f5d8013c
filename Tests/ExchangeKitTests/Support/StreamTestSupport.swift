import ExchangeKit
import ExchangeKitTesting
import Foundation
import Synchronization

/// The venue side of ``TestStreamVenue``'s protocol, run as a scripted connection.
struct VenueScript: Sendable {
    var welcome = true
    var answerPings = true
    /// Whether to acknowledge a subscribe to `topic` (`true`), refuse it with an error frame (`false`), or stay silent (`nil`).
    var answer: @Sendable (_ topic: String) -> Bool? = { _ in true }

    func run(_ connection: ScriptedWebSocketConnection) async {
        do {
            if welcome { try await connection.send(text: #"{"id":"c1","type":"welcome"}"#) }
            while true {
                let text = try await connection.nextText(timeout: .seconds(120))
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                      let type = object["type"] as? String, let id = object["id"] as? String else { continue }
                switch type {
                case "ping" where answerPings:
                    try await connection.send(text: #"{"id":"\#(id)","type":"pong"}"#)
                case "subscribe", "unsubscribe":
                    switch answer(object["topic"] as? String ?? "") {
                    case true?: try await connection.send(text: #"{"id":"\#(id)","type":"ack"}"#)
                    case false?: try await connection.send(text: #"{"id":"\#(id)","type":"error","code":404,"data":"topic does not exist"}"#)
                    case nil: continue
                    }
                default:
                    continue
                }
            }
        } catch {
            // The connection closed or the test ended: the script is done.
        }
    }
}

/// Collects a stream's events and lets a test wait for a condition on them, without sleeping.
final class EventCollector: Sendable {
    private struct State {
        var events: [StreamEvent] = []
        var waiters: [(id: Int, condition: @Sendable ([StreamEvent]) -> Bool, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID = 0
    }
    private let state = Mutex(State())

    var events: [StreamEvent] { state.withLock { $0.events } }

    func append(_ event: StreamEvent) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.events.append(event)
            var ready: [CheckedContinuation<Bool, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.condition(state.events) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    /// Waits until `condition` holds for the events so far, or throws after `timeout` with what was seen.
    @discardableResult
    func wait(for what: String, timeout: Duration = .seconds(10), _ condition: @escaping @Sendable ([StreamEvent]) -> Bool) async throws -> [StreamEvent] {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        let met = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let now = self.state.withLock { state -> Bool in
                        if condition(state.events) { return true }
                        state.waiters.append((id, condition, continuation))
                        return false
                    }
                    if now { continuation.resume(returning: true) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                let waiter = self.state.withLock { state -> CheckedContinuation<Bool, Never>? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index).continuation
                }
                waiter?.resume(returning: false)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        let events = self.events
        guard met else {
            throw TestTimeout(what: what, seen: events.map { "\($0.connection)/\($0.epoch) \($0.payload.kind)\($0.symbol.map { " \($0)" } ?? "")" })
        }
        return events
    }
}

struct TestTimeout: Error, CustomStringConvertible {
    var what: String
    var seen: [String]
    var description: String { "timed out waiting for \(what); events: \(seen.suffix(40).joined(separator: ", "))" }
}

/// Fast timings for loopback tests.
let testFeedConfiguration = FeedConfiguration(
    reconnect: ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200)),
    ackTimeout: .seconds(1), closeTimeout: .milliseconds(500), tick: .milliseconds(20),
    snapshotRetryDelay: .milliseconds(50), connectTimeout: .seconds(1))

/// Runs a feed against scripted servers while `body` drives it; everything stops when `body` returns.
func withFeed<T: Sendable>(
    _ venue: TestStreamVenue, _ subscriptions: [Subscription], configuration: FeedConfiguration = testFeedConfiguration,
    consume: Bool = true, _ body: @Sendable (FeedStream, EventCollector) async throws -> T
) async throws -> T {
    let feed = FeedStream(venue: venue, subscriptions: subscriptions, configuration: configuration)
    let collector = EventCollector()
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await feed.run(); return nil }
        if consume {
            group.addTask {
                for try await event in feed.events { collector.append(event) }
                return nil
            }
        }
        let result = try await body(feed, collector)
        group.cancelAll()
        return result
    }
}

/// The two servers a stream test needs: HTTP for tokens and snapshots, WebSocket for the feed.
func withStreamServers<T>(_ body: (ScriptedHTTPServer, ScriptedWebSocketServer, TokenIssuer) async throws -> T) async throws -> T {
    try await withScriptedHTTPServer { http in
        try await withScriptedWebSocketServer { ws in
            let issuer = TokenIssuer()
            issuer.install(on: http, webSocketURL: ws.url)
            return try await body(http, ws, issuer)
        }
    }
}

extension Array where Element == StreamEvent {
    func kinds() -> [String] { map(\.payload.kind) }
    func count(_ kind: String) -> Int { filter { $0.payload.kind == kind }.count }
    var trades: [Trade] { compactMap { if case .trade(let trade) = $0.payload { trade } else { nil } } }
    var bookUpdates: [BookUpdate] { compactMap { if case .book(let update) = $0.payload { update } else { nil } } }
}

func trade(_ symbol: String, id: String, price: String = "100") -> String {
    #"{"type":"message","topic":"/trades:\#(symbol)","subject":"match","data":{"price":"\#(price)","tradeId":"\#(id)"}}"#
}

func bookDelta(_ symbol: String, _ sequence: Int64, _ change: String) -> String {
    #"{"type":"message","topic":"/book:\#(symbol)","subject":"level2","data":{"sequence":\#(sequence),"change":"\#(change)"}}"#
}

