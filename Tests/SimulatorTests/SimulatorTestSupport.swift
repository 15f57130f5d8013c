import ExchangeKit
import Foundation
import KuCoinFutures
@testable import Simulator
import Testing

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

/// Replays a stream's book events after checking the stream stayed clean (one connection,
/// `subscriptions` acknowledgements, no gap, resync, decode failure, unhandled frame, crossed
/// book or drop); the book must never cross. Returns the snapshots seen and how far each delta
/// moved the book's sequence.
func replayBook(_ events: [StreamEvent], subscriptions: Int) throws -> (snapshots: Int, steps: [Int64]) {
    let kinds = events.map(\.payload.kind)
    #expect(kinds.filter { $0 == "subscribed" }.count == subscriptions && kinds.filter { $0 == "connected" }.count == 1)
    let unexpected: Set<String> = ["gap", "resynced", "decode_failure", "unhandled", "crossed_book", "disconnected"]
    #expect(!kinds.contains { unexpected.contains($0) }, "\(kinds)")
    var book: OrderBook?
    var last: Int64 = 0
    var snapshots = 0
    var steps: [Int64] = []
    for event in events {
        guard case .book(let update) = event.payload else { continue }
        if update.action == .snapshot {
            snapshots += 1
            book = try OrderBook(snapshot: OrderBookSnapshot(symbol: update.symbol, sequence: update.sequence, bids: update.bids, asks: update.asks))
        } else {
            steps.append(update.sequence - last)
            try book?.apply(update)
            #expect(book?.isCrossed == false)
        }
        last = update.sequence
    }
    return (snapshots, steps)
}

/// Places a buy at the bid until one fills as maker, and returns that fill and its price. The market
/// may move between reading the ticker and placing: an order that crossed filled as taker, and
/// another is placed.
func fillAsMaker(_ venue: some TradingVenue & MarketDataVenue, _ symbol: String, order: (Decimal) -> OrderRequest) async throws -> (fill: Fill, price: Decimal) {
    for _ in 0..<5 {
        let price = try await venue.ticker(symbol: symbol).bid
        let ack = try await venue.placeOrder(order(price), validateOnly: false)
        var placed = try await venue.order(id: ack.orderID, symbol: symbol)
        for _ in 0..<300 where placed.status != .filled {
            try await Task.sleep(for: .milliseconds(20))
            placed = try await venue.order(id: ack.orderID, symbol: symbol)
        }
        #expect(placed.status == .filled)
        let fill = try #require(try await venue.fills(symbol: symbol).first { $0.orderID == ack.orderID })
        if fill.liquidity == .maker { return (fill, price) }
    }
    throw SimulatorError(message: "no order at the bid filled as maker in 5 tries")
}
