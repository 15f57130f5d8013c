import ExchangeKit
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A scripted HTTP/1.1 server on 127.0.0.1 for loopback tests of REST clients.
///
/// Tests queue responses and faults (429s, 5xx, delays, resets, truncated bodies, stalls) per
/// route and read back every request the client really sent. All state lives behind one
/// `Mutex`, so the server can be shared freely between the test and the event loop threads.
///
/// Response selection for a request `METHOD /path`, first match wins:
/// 1. queued responses, most specific queue first: (method, path), (any, path),
///    (method, any), (any, any);
/// 2. the dynamic handler registered with ``route(_:_:_:)`` for (method, path);
/// 3. fallbacks, in the same specificity order as the queues;
/// 4. a 404 with a small JSON body naming the unmatched method and path.
///
/// Methods are matched case-insensitively (scripts may say `"get"`); paths exactly, without
/// the query.
public final class ScriptedHTTPServer: Sendable {
    private let serverChannel: any Channel
    private let core: ServerCore

    /// The TCP port the OS assigned, so parallel tests never collide on a fixed port.
    public let port: Int

    /// `http://127.0.0.1:PORT`, ready to prefix request paths with.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(serverChannel: any Channel, core: ServerCore, port: Int) {
        self.serverChannel = serverChannel
        self.core = core
        self.port = port
    }

    /// Starts listening on 127.0.0.1, port chosen by the OS.
    ///
    /// Runs on `MultiThreadedEventLoopGroup.singleton` so tests neither create nor have to
    /// shut down an event loop group of their own. Call ``shutdown()`` (or use
    /// ``withScriptedHTTPServer(isolation:_:)``) when done.
    public static func start() async throws -> ScriptedHTTPServer {
        let core = ServerCore()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                guard let connectionID = core.register(channel) else {
                    // Accepted in the window between shutdown starting and the listener closing.
                    return channel.close()
                }
                let key = ObjectIdentifier(channel)
                channel.closeFuture.whenComplete { _ in core.unregister(key) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: true,
                        withErrorHandling: true
                    )
                    try channel.pipeline.syncOperations.addHandler(
                        ScriptedConnectionHandler(core: core, connectionID: connectionID)
                    )
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close().get()
            throw ScriptedHTTPServerError.noLocalPort
        }
        return ScriptedHTTPServer(serverChannel: channel, core: core, port: port)
    }

    /// Responses for requests matching method+path (path without query), served in order; when
    /// the queue for a route is empty the route's fallback (if set by ``setFallback(_:method:path:)``)
    /// is used, else the global default (404 with a small JSON body).
    ///
    /// A `nil` method or path matches anything; such wildcard queues are consulted only after
    /// the queues that name the route exactly, so a test can script "the next two requests to
    /// any endpoint fail" without disturbing route-specific scripts.
    public func enqueue(_ responses: ScriptedResponse..., method: String? = nil, path: String? = nil) {
        let key = RouteKey(method: method, path: path)
        core.state.withLock { state in
            state.queues[key, default: []].append(contentsOf: responses)
        }
    }

    /// The response served for matching requests whenever their queues are empty and no
    /// ``route(_:_:_:)`` handler applies; replaces an earlier fallback for the same key.
    ///
    /// `nil` method/path are wildcards, with the same specificity order as ``enqueue(_:method:path:)``.
    public func setFallback(_ response: ScriptedResponse, method: String? = nil, path: String? = nil) {
        let key = RouteKey(method: method, path: path)
        core.state.withLock { state in
            state.fallbacks[key] = response
        }
    }

    /// Dynamic handler for a route: computes the response from the request (used e.g. to echo
    /// server time or verify a signature). Takes precedence over the fallback but not over
    /// queued responses.
    ///
    /// The handler runs on an event loop thread, outside the server's lock (so it may call back
    /// into the server, e.g. read ``requests``); it must not block. Registering a handler for
    /// the same route again replaces the previous one.
    public func route(
        _ method: String,
        _ path: String,
        _ handler: @escaping @Sendable (RecordedRequest) -> ScriptedResponse
    ) {
        let key = RouteKey(method: method, path: path)
        core.state.withLock { state in
            state.handlers[key] = handler
        }
    }

    /// Every request received so far, in arrival order (recorded when the full request has
    /// arrived, before any fault is applied).
    public var requests: [RecordedRequest] {
        core.state.withLock { $0.requests }
    }

    /// The recorded requests whose path (without query) equals `path`, in arrival order.
    public func requests(path: String) -> [RecordedRequest] {
        core.state.withLock { state in state.requests.filter { $0.path == path } }
    }

    /// Waits until at least `count` requests have arrived or the timeout passes (then throws
    /// ``ScriptedHTTPServerError/timedOut(expected:received:)``), and returns all requests
    /// recorded so far.
    ///
    /// Woken by the request that reaches `count` rather than by polling, so it returns as soon
    /// as the condition holds. Throws `CancellationError` if the calling task is cancelled and
    /// ``ScriptedHTTPServerError/shutDown`` if the server shuts down first.
    public func waitForRequests(
        _ count: Int,
        timeout: Duration = .seconds(5)
    ) async throws -> [RecordedRequest] {
        let id = core.makeWaiterID()
        let eventLoop = serverChannel.eventLoop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                core.addWaiter(
                    id: id,
                    count: count,
                    timeout: timeout,
                    continuation: continuation,
                    eventLoop: eventLoop
                )
            }
        } onCancel: {
            core.failWaiter(id: id, with: CancellationError())
        }
    }

    /// Stops listening, closes every connection (stalled and delayed ones included) and fails
    /// pending ``waitForRequests(_:timeout:)`` calls.
    ///
    /// Returns once all sockets are closed, without waiting for clients; calling it again (or
    /// concurrently) is harmless and just waits for the listener to be closed.
    public func shutdown() async throws {
        guard let connections = core.beginShutdown() else {
            try? await serverChannel.closeFuture.get()
            return
        }
        do {
            try await serverChannel.close().get()
        } catch ChannelError.alreadyClosed {
            // Nothing to do: the listener is gone either way, which is all shutdown promises.
        }
        for connection in connections {
            connection.close(promise: nil)
        }
        for connection in connections {
            // A connection may already be closing because its client hung up; only the fact
            // that it is closed matters here.
            try? await connection.closeFuture.get()
        }
    }
}

/// Runs `body` with a freshly started server and shuts the server down afterwards, whether
/// `body` returns or throws, so a failing test cannot leak a listener or stalled connections.
///
/// `isolation` lets `body` stay on the caller's actor (the usual pattern for scoped helpers);
/// call sites just write `try await withScriptedHTTPServer { server in ... }`.
public func withScriptedHTTPServer<T>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: (ScriptedHTTPServer) async throws -> T
) async throws -> T {
    let server = try await ScriptedHTTPServer.start()
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

/// Errors thrown by ``ScriptedHTTPServer`` itself (never sent to clients).
public enum ScriptedHTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ``ScriptedHTTPServer/waitForRequests(_:timeout:)`` gave up: `received` requests had
    /// arrived when the timeout passed, fewer than `expected`.
    case timedOut(expected: Int, received: Int)
    /// The server was shut down while a caller was still waiting for requests.
    case shutDown
    /// The OS did not report the bound port, so the server could not be addressed.
    case noLocalPort

    /// A message that says what the test was waiting for, for readable test failures.
    public var description: String {
        switch self {
        case .timedOut(let expected, let received):
            "timed out waiting for \(expected) request(s); \(received) arrived"
        case .shutDown:
            "the scripted HTTP server was shut down"
        case .noLocalPort:
            "the scripted HTTP server could not determine its port"
        }
    }
}
