import ExchangeKit
import Synchronization

/// A venue's server side on the scripted servers, spoken through its profile: the token
/// endpoint, the welcome, acks and pongs, and book snapshots from a table the check changes.
public final class ConformanceServer: Sendable {
    /// The scripted HTTP server (tokens, snapshots, REST).
    public let http: ScriptedHTTPServer
    /// The scripted WebSocket server.
    public let ws: ScriptedWebSocketServer
    /// Every token handed out.
    public let tokens = TokenLedger()
    /// The profile that speaks for the venue.
    public let profile: any ConformanceProfile
    private let books = SnapshotTable()

    init(http: ScriptedHTTPServer, ws: ScriptedWebSocketServer, profile: any ConformanceProfile) {
        self.http = http
        self.ws = ws
        self.profile = profile
        profile.installStreamEndpoints(on: http, webSocketURL: ws.url, tokens: tokens)
        profile.installBookSnapshots(on: http) { [books] symbol in books.snapshot(symbol) }
    }

    /// Runs `body` with fresh scripted servers speaking for `profile`; shuts them down afterwards.
    public static func with<T>(_ profile: any ConformanceProfile, _ body: (ConformanceServer) async throws -> T) async throws -> T {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                try await body(ConformanceServer(http: http, ws: ws, profile: profile))
            }
        }
    }

    /// Sets the snapshot the REST book endpoint serves for a symbol.
    public func setSnapshot(_ snapshot: OrderBookSnapshot) { books.set(snapshot) }

    /// Scripts every connection from now on: welcome (unless `welcome` says not on this one),
    /// answers to subscribes and pings as the venue would, and `afterSubscribe` once per subscribe.
    public func script(
        welcome: @escaping @Sendable (ScriptedWebSocketConnection) -> Bool = { _ in true },
        afterSubscribe: @escaping @Sendable (ScriptedWebSocketConnection, ClientMessage) async throws -> Void = { _, _ in }
    ) {
        let profile = profile
        ws.onConnection { connection in
            do {
                if welcome(connection), let greeting = profile.welcome(for: connection) { try await connection.send(text: greeting) }
                while true {
                    let text = try await connection.nextText(timeout: .seconds(120))
                    guard let message = profile.interpret(clientText: text) else { continue }
                    if let answer = profile.reply(to: message) { try await connection.send(text: answer) }
                    if message.kind == .subscribe { try await afterSubscribe(connection, message) }
                }
            } catch {
                // The connection closed or the check ended: the script is done.
            }
        }
    }

    /// The topics a connection's client subscribed to, in order, as the profile reads them.
    public func subscribedTopics(_ connection: ScriptedWebSocketConnection) -> [String] {
        connection.receivedTexts.compactMap(profile.interpret(clientText:)).filter { $0.kind == .subscribe }.flatMap(\.topics)
    }

    /// Waits until a connection's client subscribed to `count` topics, and returns them.
    /// - Throws: ``ScriptedWebSocketError`` when `timeout` passes first.
    @discardableResult
    public func waitForTopics(_ count: Int, on connection: ScriptedWebSocketConnection, timeout: Duration = .seconds(10)) async throws -> [String] {
        _ = try await connection.waitForText(where: { _ in self.subscribedTopics(connection).count >= count }, timeout: timeout)
        return subscribedTopics(connection)
    }
}

/// The snapshot table behind ``ConformanceServer/setSnapshot(_:)``.
final class SnapshotTable: Sendable {
    private let table = Mutex<[String: OrderBookSnapshot]>([:])
    func set(_ snapshot: OrderBookSnapshot) { table.withLock { $0[snapshot.symbol] = snapshot } }
    func snapshot(_ symbol: String) -> OrderBookSnapshot? { table.withLock { $0[symbol] } }
}
