import ExchangeKit
import Metrics

extension FeedConfiguration {
    /// Fast timings for loopback tests: quick reconnects and short timeouts that still hold
    /// on a loaded two-core machine.
    public static let loopbackTesting = FeedConfiguration(
        reconnect: ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200)),
        ackTimeout: .seconds(1), closeTimeout: .milliseconds(500), tick: .milliseconds(20),
        snapshotRetryDelay: .milliseconds(50), connectTimeout: .seconds(1))
}

/// Runs a feed against scripted servers while `body` drives it; everything stops when `body` returns.
///
/// With `consume` every event goes to the collector; without it the test reads `feed.events`
/// itself (a slow consumer, say).
public func withFeed<T: Sendable>(
    _ venue: any StreamVenue, _ subscriptions: [Subscription], configuration: FeedConfiguration = .loopbackTesting,
    metrics: any MetricsFactory = MetricsSystem.factory, consume: Bool = true,
    _ body: @Sendable (FeedStream, EventCollector) async throws -> T
) async throws -> T {
    let feed = FeedStream(venue: venue, subscriptions: subscriptions, configuration: configuration, metrics: metrics)
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
