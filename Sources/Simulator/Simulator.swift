import ExchangeKit
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A KuCoin-compatible exchange on loopback: KuCoin Futures' and KuCoin Spot's REST and WebSocket protocols over
/// deterministic synthetic markets, with KuCoin's signature checks and rate-limit pools.
///
/// ```swift
/// let simulator = Simulator(configuration: SimulatorConfiguration())
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { try await simulator.run() }
///     let url = try await simulator.baseURL()          // http://127.0.0.1:PORT, usable as rest_url
///     …
/// }
/// ```
public final class Simulator: Service, Sendable {
    /// How it runs.
    public let configuration: SimulatorConfiguration
    let exchange: SimExchange
    private let port = Mutex<PortState>(.waiting([]))
    private let logger: Logger

    enum PortState {
        case waiting([CheckedContinuation<Int, any Error>])
        case bound(Int)
        case failed(String)
    }

    /// Creates a simulator; nothing listens until ``run()``.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration(), logger: Logger = Logger(label: "ExchangeKit.Simulator")) {
        self.configuration = configuration
        self.exchange = SimExchange(configuration: configuration)
        self.logger = logger
    }

    /// The REST base URL (`http://127.0.0.1:PORT`), once the server listens.
    /// - Throws: when the server could not start.
    public func baseURL() async throws -> String {
        "http://\(configuration.host):\(try await boundPort())"
    }

    private func boundPort() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Int, any Error>? = port.withLock { state in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                case .bound(let port): return .success(port)
                case .failed(let reason): return .failure(SimulatorError(message: reason))
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// The port once bound, else 0.
    var listeningPort: Int {
        port.withLock { state in if case .bound(let port) = state { port } else { 0 } }
    }

    private func settle(_ result: Result<Int, SimulatorError>) {
        let waiters = port.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            switch result {
            case .success(let port): state = .bound(port)
            case .failure(let error): state = .failed(error.message)
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 as any Error }) }
    }

    /// Serves until cancelled (or a graceful shutdown).
    public func run() async throws {
        let router = Router(context: BasicRequestContext.self)
        let authenticator = SimAuthenticator(credentials: configuration.credentials)
        let host = configuration.host
        let routes = SimulatorRoutes(exchange: exchange, authenticator: authenticator) { [weak self] in
            "ws://\(host):\(self?.listeningPort ?? 0)/"
        }
        routes.register(on: router)

        let webSocketRouter = Router(context: SimWebSocketContext.self)
        let session = SimWebSocketSession(exchange: exchange)
        webSocketRouter.ws("/") { inbound, outbound, context in
            let query = context.request.uri.queryParameters
            try await session.run(inbound: inbound, outbound: outbound, channel: context.requestContext.channel,
                                  token: query["token"].map(String.init), connectID: query["connectId"].map(String.init) ?? "")
        }
        // Hummingbird reports its own shutdown (a cancelled child channel) as an error: only its critical logs pass.
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .critical)
        let application = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter, configuration: .init(ws: .init(maxFrameSize: 1 << 20))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "ExchangeKit-Simulator"),
            onServerRunning: { [weak self] channel in
                self?.settle(.success(channel.localAddress?.port ?? 0))
            },
            logger: serverLogger
        )
        let exchange = self.exchange
        let configuration = self.configuration
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await application.run() }
                group.addTask {
                    // Ticks on a fixed cadence: the time a tick takes is not added to the interval
                    // (a late tick is followed at once, without a burst to catch up).
                    var next = ContinuousClock.now
                    while !Task.isCancelled {
                        next = max(next.advanced(by: configuration.tickInterval), .now)
                        try await Task.sleep(until: next)
                        exchange.tick()
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: configuration.depthInterval)
                        exchange.publishDepth()
                    }
                }
            }
        } catch {
            settle(.failure(SimulatorError(message: "the simulator stopped: \(error)")))
            throw error
        }
        settle(.failure(SimulatorError(message: "the simulator stopped")))
    }
}

/// Why the simulator could not serve.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
