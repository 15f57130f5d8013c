import NIOCore
import NIOPosix
import NIOSSL

/// A scripted WebSocket server on 127.0.0.1 for loopback tests of streaming clients.
///
/// Each accepted connection is handed to the script set with ``onConnection(_:)``, which talks
/// to the client through ``ScriptedWebSocketConnection``: it sends frames (one by one, in
/// batches, or as raw pre-framed bytes), reads what the client sent, and injects faults
/// (close codes, abrupt TCP resets, a half-open silent peer). An upgrade gate decides every
/// dial before the handshake, so tests can refuse e.g. an expired token with a 401.
///
/// Built on SwiftNIO directly, with no WebSocket framework in between, so nothing hides or
/// repairs those faults. All state lives behind `Mutex`es, so the server and its connections
/// can be shared freely between the test, the scripts and the event loop threads.
public final class ScriptedWebSocketServer: Sendable {
    private let serverChannel: any Channel
    private let core: WebSocketServerCore

    /// The TCP port the OS assigned, so parallel tests never collide on a fixed port.
    public let port: Int

    /// Whether the server speaks TLS (`wss`).
    public let isTLS: Bool

    /// `ws://127.0.0.1:PORT` (`wss://localhost:PORT` with TLS), ready to append a path and query to.
    public var url: String { isTLS ? "wss://localhost:\(port)" : "ws://127.0.0.1:\(port)" }

    private init(serverChannel: any Channel, core: WebSocketServerCore, port: Int, isTLS: Bool) {
        self.serverChannel = serverChannel
        self.core = core
        self.port = port
        self.isTLS = isTLS
    }

    /// Starts listening on 127.0.0.1, port chosen by the OS.
    ///
    /// `maxFrameSize` bounds each frame the client sends and each message it sends in
    /// fragments; a client exceeding it gets a close frame with code 1009 (message too big).
    /// Runs on `MultiThreadedEventLoopGroup.singleton` so tests neither create nor have to shut
    /// down an event loop group of their own. Call ``shutdown()`` (or use
    /// ``withScriptedWebSocketServer(maxFrameSize:isolation:_:)``) when done.
    /// - Parameter tls: serve `wss` with this context (certificate and key); ``url`` then names
    ///   `localhost`, which a test certificate should carry as a subject alternative name.
    public static func start(maxFrameSize: Int = 16 << 20, tls: NIOSSLContext? = nil) async throws -> ScriptedWebSocketServer {
        precondition(maxFrameSize > 0 && maxFrameSize <= Int(UInt32.max), "maxFrameSize must be in 1...UInt32.max")
        let core = WebSocketServerCore(maxFrameSize: maxFrameSize)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                guard core.track(channel) else {
                    // Accepted in the window between shutdown starting and the listener closing.
                    return channel.close()
                }
                let key = ObjectIdentifier(channel)
                channel.closeFuture.whenComplete { _ in core.untrack(key) }
                return channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try core.configureHTTPPipeline(channel)
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close().get()
            throw ScriptedWebSocketError.noLocalPort
        }
        return ScriptedWebSocketServer(serverChannel: channel, core: core, port: port, isTLS: tls != nil)
    }

    /// Scripts every accepted connection: called once per connection, in accept order, on its
    /// own task; when it returns the connection stays open (the client may close it) unless the
    /// script closed it.
    ///
    /// Applies to connections accepted after the call; setting it again replaces the script.
    /// Without a script, connections just record what arrives and answer pings. An error the
    /// script throws is recorded in ``scriptErrors`` and leaves the connection as it is.
    public func onConnection(_ script: @escaping @Sendable (ScriptedWebSocketConnection) async throws -> Void) {
        core.state.mutate { $0.script = script }
    }

    /// Decides each upgrade request before it is accepted (e.g. refuse an expired token with
    /// HTTP 401 and a JSON body). Default: accept all.
    ///
    /// The gate runs on an event loop thread, outside the server's lock (it may read
    /// ``dials``); it must not block. Setting it again replaces the previous gate.
    public func setUpgradeGate(_ gate: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision) {
        core.state.mutate { $0.gate = gate }
    }

    /// Every dial attempt (accepted or refused), in order.
    ///
    /// Includes plain HTTP requests without an upgrade, which are answered with a 400.
    public var dials: [UpgradeRequest] {
        core.state.read { $0.dials }
    }

    /// Every accepted connection so far, in accept order (``ScriptedWebSocketConnection/id``
    /// 1, 2, ...), closed ones included.
    public var connections: [ScriptedWebSocketConnection] {
        core.state.read { $0.connections }
    }

    /// What the connection scripts threw, as `"connection N: <error>"`, in the order thrown.
    ///
    /// A `CancellationError` thrown because ``shutdown()`` cancelled a script is not recorded.
    public var scriptErrors: [String] {
        core.state.read { $0.scriptErrors }
    }

    /// Waits until at least `count` connections have been accepted and returns all of them.
    ///
    /// Throws ``ScriptedWebSocketError/timedOut(waitingFor:received:)`` when `timeout` passes
    /// first, ``ScriptedWebSocketError/shutDown`` if the server shuts down first, and
    /// `CancellationError` if the calling task is cancelled.
    public func waitForConnections(
        _ count: Int,
        timeout: Duration = .seconds(5)
    ) async throws -> [ScriptedWebSocketConnection] {
        try await core.state.wait(
            timeout: timeout,
            on: serverChannel.eventLoop,
            timeoutError: { state in
                ScriptedWebSocketError.timedOut(
                    waitingFor: "\(count) connection(s) within \(timeout)",
                    received: "\(state.connections.count) connection(s) from \(state.dials.count) dial(s)"
                )
            },
            until: { state in
                if state.connections.count >= count { return .success(state.connections) }
                if state.isShutDown { return .failure(ScriptedWebSocketError.shutDown) }
                return nil
            }
        )
    }

    /// Waits until scripts have thrown at least `count` errors and returns ``scriptErrors``.
    ///
    /// Throws like ``waitForConnections(_:timeout:)``.
    public func waitForScriptErrors(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [String] {
        try await core.state.wait(
            timeout: timeout,
            on: serverChannel.eventLoop,
            timeoutError: { state in
                ScriptedWebSocketError.timedOut(
                    waitingFor: "\(count) script error(s) within \(timeout)",
                    received: "\(state.scriptErrors.count) script error(s): \(state.scriptErrors)"
                )
            },
            until: { state in
                if state.scriptErrors.count >= count { return .success(state.scriptErrors) }
                if state.isShutDown { return .failure(ScriptedWebSocketError.shutDown) }
                return nil
            }
        )
    }

    /// Stops listening, resets every connection at once (TCP RST, no close frame, as
    /// ``ScriptedWebSocketConnection/abort(reset:)`` does), cancels the running scripts and
    /// fails pending waits on the server.
    ///
    /// A reset rather than a FIN so that no client can be left waiting on a half-closed socket
    /// (WSClient can miss a FIN that arrives right after the handshake). Scripts that must end
    /// politely call ``ScriptedWebSocketConnection/close(code:reason:)`` before.
    ///
    /// Returns once all sockets are closed, without waiting for clients or scripts; calling it
    /// again (or concurrently) is harmless and just waits for the listener to be closed.
    public func shutdown() async throws {
        guard let (channels, scripts) = core.beginShutdown() else {
            try? await serverChannel.closeFuture.get()
            return
        }
        do {
            try await serverChannel.close().get()
        } catch ChannelError.alreadyClosed {
            // The listener is gone either way, which is all shutdown promises.
        }
        for channel in channels {
            WebSocketServerCore.resetAndClose(channel)
        }
        for script in scripts {
            script.cancel()
        }
        for channel in channels {
            // A connection may already be closing because its client hung up; only the fact
            // that it is closed matters here.
            try? await channel.closeFuture.get()
        }
    }
}

/// Runs `body` with a freshly started server and shuts the server down afterwards, whether
/// `body` returns or throws, so a failing test cannot leak a listener or open connections.
///
/// `isolation` lets `body` stay on the caller's actor (the usual pattern for scoped helpers);
/// call sites just write `try await withScriptedWebSocketServer { server in ... }`.
/// `maxFrameSize` is passed to ``ScriptedWebSocketServer/start(maxFrameSize:)``.
public func withScriptedWebSocketServer<T>(
    maxFrameSize: Int = 16 << 20,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (ScriptedWebSocketServer) async throws -> T
) async throws -> T {
    let server = try await ScriptedWebSocketServer.start(maxFrameSize: maxFrameSize)
    let result: T
    do {
        result = try await body(server)
    } catch {
        // The test's own error is the interesting one; a shutdown failure must not mask it.
        try? await server.shutdown()
        throw error
    }
    try await server.shutdown()
    return result
}

/// Errors thrown by ``ScriptedWebSocketServer`` and ``ScriptedWebSocketConnection`` themselves
/// (never sent to clients).
public enum ScriptedWebSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A wait gave up: `waitingFor` says what it wanted, `received` what had arrived by then.
    case timedOut(waitingFor: String, received: String)
    /// The connection closed before a wait was satisfied, or before a send: `during` names the
    /// operation, `received` what had arrived by then.
    case connectionClosed(during: String, received: String)
    /// The server was shut down while a caller was still waiting.
    case shutDown
    /// The OS did not report the bound port, so the server could not be addressed.
    case noLocalPort

    /// A message saying what was expected and what happened, for readable test failures.
    public var description: String {
        switch self {
        case .timedOut(let waitingFor, let received):
            "timed out waiting for \(waitingFor); received \(received)"
        case .connectionClosed(let during, let received):
            "the connection closed during \(during); received \(received)"
        case .shutDown:
            "the scripted WebSocket server was shut down"
        case .noLocalPort:
            "the scripted WebSocket server could not determine its port"
        }
    }
}
