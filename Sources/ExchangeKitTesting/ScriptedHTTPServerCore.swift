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

/// A route key; `nil` components are wildcards.
struct RouteKey: Hashable, Sendable {
    var method: String?
    var path: String?

    init(method: String?, path: String?) {
        // Upper-casing here lets scripts use any capitalisation while NIO reports `GET`.
        self.method = method?.uppercased()
        self.path = path
    }

    /// Keys that can match a request, most specific first.
    static func candidates(method: String, path: String) -> [RouteKey] {
        [
            RouteKey(method: method, path: path),
            RouteKey(method: nil, path: path),
            RouteKey(method: method, path: nil),
            RouteKey(method: nil, path: nil),
        ]
    }
}

/// State shared between the public API and the per-connection handlers.
final class ServerCore: Sendable {
    typealias Handler = @Sendable (RecordedRequest) -> ScriptedResponse

    struct Waiter {
        var count: Int
        var continuation: CheckedContinuation<[RecordedRequest], any Error>
        var timeout: Scheduled<Void>?
    }

    struct State {
        var queues: [RouteKey: [ScriptedResponse]] = [:]
        var fallbacks: [RouteKey: ScriptedResponse] = [:]
        var handlers: [RouteKey: Handler] = [:]
        var requests: [RecordedRequest] = []
        var waiters: [Int: Waiter] = [:]
        var nextWaiterID = 0
        var nextConnectionID = 0
        var connections: [ObjectIdentifier: any Channel] = [:]
        var isShutDown = false
    }

    enum Plan: Sendable {
        case respond(ScriptedResponse)
        case callHandler(Handler)
    }

    let state = Mutex(State())

    /// Tracks an accepted connection so shutdown can close it; `nil` means "already shut down".
    func register(_ channel: any Channel) -> Int? {
        state.withLock { state in
            guard !state.isShutDown else { return nil }
            state.nextConnectionID += 1
            state.connections[ObjectIdentifier(channel)] = channel
            return state.nextConnectionID
        }
    }

    func unregister(_ key: ObjectIdentifier) {
        _ = state.withLock { state in state.connections.removeValue(forKey: key) }
    }

    /// Marks the server as shut down; returns the open connections to close, or `nil` if a
    /// previous call already did so.
    func beginShutdown() -> [any Channel]? {
        let taken: (connections: [any Channel], waiters: [Waiter])? = state.withLock { state in
            guard !state.isShutDown else { return nil }
            state.isShutDown = true
            let waiters = Array(state.waiters.values)
            state.waiters.removeAll()
            return (Array(state.connections.values), waiters)
        }
        guard let taken else { return nil }
        for waiter in taken.waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(throwing: ScriptedHTTPServerError.shutDown)
        }
        return taken.connections
    }

    /// Records `request`, wakes satisfied waiters and returns the response to send.
    func record(_ request: RecordedRequest) -> ScriptedResponse {
        let (plan, woken, snapshot) = state.withLock { state in
            state.requests.append(request)
            var woken: [Waiter] = []
            for (id, waiter) in state.waiters where waiter.count <= state.requests.count {
                woken.append(waiter)
                state.waiters[id] = nil
            }
            return (state.plan(method: request.method, path: request.path), woken, state.requests)
        }
        // Resumed outside the lock so woken tasks never contend with the event loop for it.
        for waiter in woken {
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: snapshot)
        }
        switch plan {
        case .respond(let response):
            return response
        case .callHandler(let handler):
            // Outside the lock: handlers may read the server's state.
            return handler(request)
        }
    }

    func makeWaiterID() -> Int {
        state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
    }

    func addWaiter(
        id: Int,
        count: Int,
        timeout: Duration,
        continuation: CheckedContinuation<[RecordedRequest], any Error>,
        eventLoop: any EventLoop
    ) {
        let immediate: Result<[RecordedRequest], any Error>? = state.withLock { state in
            if state.requests.count >= count { return .success(state.requests) }
            if state.isShutDown { return .failure(ScriptedHTTPServerError.shutDown) }
            // Checked under the lock: the cancellation handler takes the same lock, so either it
            // sees this waiter or this check sees the cancellation.
            if Task.isCancelled { return .failure(CancellationError()) }
            state.waiters[id] = Waiter(count: count, continuation: continuation, timeout: nil)
            return nil
        }
        if let immediate {
            continuation.resume(with: immediate)
            return
        }
        let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) { [self] in
            let received = state.withLock { $0.requests.count }
            failWaiter(id: id, with: ScriptedHTTPServerError.timedOut(expected: count, received: received))
        }
        let stillWaiting = state.withLock { state in
            guard state.waiters[id] != nil else { return false }
            state.waiters[id]?.timeout = timer
            return true
        }
        if !stillWaiting {
            timer.cancel()
        }
    }

    func failWaiter(id: Int, with error: any Error) {
        let waiter = state.withLock { state in state.waiters.removeValue(forKey: id) }
        guard let waiter else { return }
        waiter.timeout?.cancel()
        waiter.continuation.resume(throwing: error)
    }
}

extension ServerCore.State {
    /// Picks the response source for a request, consuming a queued response if there is one.
    mutating func plan(method: String, path: String) -> ServerCore.Plan {
        let candidates = RouteKey.candidates(method: method, path: path)
        for key in candidates {
            if var queue = queues[key], !queue.isEmpty {
                let response = queue.removeFirst()
                queues[key] = queue
                return .respond(response)
            }
        }
        if let handler = handlers[candidates[0]] {
            return .callHandler(handler)
        }
        for key in candidates {
            if let fallback = fallbacks[key] {
                return .respond(fallback)
            }
        }
        let body = #"{"error":"no scripted response","method":"\#(jsonEscaped(method))","path":"\#(jsonEscaped(path))"}"#
        return .respond(.json(body, status: 404))
    }

    private func jsonEscaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += "?"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
