import ExchangeKit
import Foundation
import KuCoinFutures
@testable import Simulator

/// Runs a simulator for the body's duration and hands it its base URL.
func withSimulator<T: Sendable>(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: @Sendable (Simulator, String) async throws -> T
) async throws -> T {
    var configuration = SimulatorConfiguration()
    configuration.tickInterval = .milliseconds(10)
    configure(&configuration)
    let simulator = Simulator(configuration: configuration)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await simulator.run()
            return nil
        }
        let url = try await simulator.baseURL()
        let result = try await body(simulator, url)
        group.cancelAll()
        while let _ = try? await group.next() {}
        return result
    }
}

/// A KuCoin Futures client of the simulator, with the simulator's demo credentials unless told otherwise.
func futures(_ url: String, credentials: Credentials? = demoCredentials, wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) throws -> KuCoinFutures {
    try KuCoinFutures(config: VenueConfig(id: "kucoin-futures-sim", plugin: "KuCoinFutures", environment: .sim, restURL: url,
                                          credentials: credentials, requestTimeout: .seconds(5), retryAttempts: 2, options: ["key_version": "2"]),
                      context: VenueContext(wallClock: wallClock))
}

let demoCredentials = SimulatorCredentials.demo.secret.withUnredactedValue { secret in
    SimulatorCredentials.demo.passphrase.withUnredactedValue { Credentials(key: SimulatorCredentials.demo.key, secret: secret, passphrase: $0) }
}
