import ExchangeKit
import ExchangeKitTesting
import Foundation
import Synchronization

/// A scripted session behind `Fixtures/<Plugin>/sessions/<name>.rec`: what the servers do
/// while `runner record` runs, so a recording can be made again at will.
struct SessionScript: Sendable, CustomStringConvertible {
    /// The plugin (and fixtures folder).
    var plugin: String
    /// The venue id the recording is made under.
    var venue: String
    /// The session's file name.
    var name: String
    /// `runner record --symbols`.
    var symbols: String
    /// `runner record --channels`.
    var channels: String
    /// The bullet's ping interval in ms (market sessions sync on pings).
    var pingInterval = 1000
    /// What the servers do.
    var drive: @Sendable (ScriptedHTTPServer, ScriptedWebSocketServer) async throws -> Void

    var description: String { "\(plugin)/\(name)" }

    /// Every session of every venue.
    static let all = KuCoinFuturesSessionScript.sessions + KuCoinSpotSessionScript.sessions + BinanceSessionScript.sessions

    /// A reference sample of `plugin` as a one-line frame.
    static func sample(_ plugin: String, _ name: String) -> String {
        let bytes = (try? Fixture.bytes("\(plugin)/ws/\(name).json", in: .module)) ?? []
        return (try? RawJSON(parsing: bytes).text) ?? ""
    }

    /// Waits for the next ping the client sends on `connection`.
    static func nextPing(_ connection: ScriptedWebSocketConnection) async throws {
        let before = connection.receivedTexts.count
        _ = try await connection.waitForText(where: { _ in
            connection.receivedTexts.dropFirst(before).contains { $0.contains(#""type":"ping""#) }
        }, timeout: .seconds(10))
    }

    /// The second half of a book session: deltas 105 and 106 (104 never comes: a gap) with the
    /// venue's book at 105 served for the resync, then `last` frames, the book at 300 served
    /// next, a close 1001 (not a reset, which could discard frames still in flight), and the
    /// client back: `texts` frames from it on the new connection and the third snapshot.
    static func gapThenReconnect(
        _ first: ScriptedWebSocketConnection, _ ws: ScriptedWebSocketServer, _ http: ScriptedHTTPServer, path: String, book: Reply,
        at105: ScriptedResponse, deltas: [String], last: [String] = [], at300: ScriptedResponse, texts: Int
    ) async throws {
        book.set(at105)
        try await first.sendBatch(deltas)
        try await waitForPath(http, path, count: 2)
        for frame in last { try await first.send(text: frame) }
        book.set(at300)
        try await first.close(code: 1001, reason: "going away")
        let second = try await ws.waitForConnections(2, timeout: .seconds(10))[1]
        _ = try await second.waitForText(count: texts, timeout: .seconds(10))
        try await waitForPath(http, path, count: 3)
    }

    /// Waits until `path` has been requested `count` times.
    static func waitForPath(_ http: ScriptedHTTPServer, _ path: String, count: Int) async throws {
        while http.requests(path: path).count < count {
            _ = try await http.waitForRequests(http.requests.count + 1, timeout: .seconds(10))
        }
    }

    /// The reply a book endpoint serves now.
    final class Reply: Sendable {
        private let response = Mutex(ScriptedResponse())
        func set(_ value: ScriptedResponse) { response.withLock { $0 = value } }
        var current: ScriptedResponse { response.withLock { $0 } }

        /// A reply serving `GET path`, starting with `initial`.
        static func routed(on http: ScriptedHTTPServer, _ path: String, initial: ScriptedResponse) -> Reply {
            let reply = Reply()
            reply.set(initial)
            http.route("GET", path) { _ in reply.current }
            return reply
        }
    }
}
