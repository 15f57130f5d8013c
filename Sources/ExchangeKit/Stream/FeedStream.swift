import DequeModule
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// A venue's stream: subscriptions spread over as many connections as the venue's
/// limits need, each kept alive by a runner, all events in one bounded sequence.
///
/// Run it as a `Service` (or call ``run()`` in a task) and iterate ``events``; or let
/// ``StreamVenue/stream(_:configuration:logger:metrics:)`` do both. What a consumer sees:
/// - on a drop: `disconnected(reason)`, then after the backoff `reconnected` with the
///   next epoch, `subscribed` for everything restored, and for every full book
///   `resynced` followed by a fresh `snapshot` — nothing from before the drop is mixed in;
/// - before an endpoint's lifetime limit: a successor connection dialled ahead takes over, with
///   one `rotated` event (the next epoch) and nothing lost or repeated;
/// - on a sequence gap: `gap(expected, received)`, then `resynced` and a new snapshot of
///   that symbol alone;
/// - when it reads slower than the venue sends: what the ``BufferPolicy`` says, never
///   unbounded memory, never a silent drop.
public final class FeedStream: Sendable, Service {
    /// The venue.
    public let venue: any StreamVenue
    /// Buffering, reconnects and timeouts.
    public let configuration: FeedConfiguration

    private let buffer: EventBuffer
    private let logger: Logger
    private let metrics: any MetricsFactory
    private let runners: Mutex<RunnerSet>
    private let newRunners: AsyncStream<FeedRunner>.Continuation
    private let newRunnerStream: AsyncStream<FeedRunner>
    private let iterated = Atomic<Bool>(false)

    struct RunnerSet: Sendable {
        var runners: [FeedRunner] = []
        var isRunning = false
    }

    /// Creates a stream; nothing connects until ``run()``.
    public init(
        venue: any StreamVenue, subscriptions: [Subscription], configuration: FeedConfiguration = FeedConfiguration(),
        logger: Logger = Logger(label: "ExchangeKit.FeedStream"), metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.venue = venue
        self.configuration = configuration
        self.buffer = EventBuffer(policy: configuration.buffer)
        var logger = logger
        logger[metadataKey: "venue"] = "\(venue.id)"
        self.logger = logger
        self.metrics = metrics
        (newRunnerStream, newRunners) = AsyncStream.makeStream(of: FeedRunner.self)
        runners = Mutex(RunnerSet())
        subscribe(subscriptions)
    }

    /// Connects and keeps every connection alive until the task is cancelled.
    /// - Throws: ``ExchangeError`` (`.disconnected`) when a connection's reconnect attempts run out.
    public func run() async throws {
        let initial = runners.withLock { set -> [FeedRunner] in
            set.isRunning = true
            return set.runners
        }
        do {
            try await withThrowingDiscardingTaskGroup { group in
                for runner in initial {
                    group.addTask { try await runner.run() }
                }
                for await runner in newRunnerStream.cancelOnGracefulShutdown() {
                    group.addTask { try await runner.run() }
                }
                group.cancelAll()
            }
            buffer.finish()
        } catch {
            buffer.finish(throwing: error)
            throw error
        }
    }

    /// Adds subscriptions while running (or before): they go to a connection with room, or a new one.
    public func subscribe(_ subscriptions: [Subscription]) {
        let started = runners.withLock { set -> [FeedRunner] in
            var created: [FeedRunner] = []
            let held = Set(set.runners.flatMap(\.subscriptions))
            var additions: [ObjectIdentifier: (FeedRunner, [Subscription])] = [:]
            for subscription in subscriptions where !held.contains(subscription) {
                let route = venue.route(of: subscription)
                let limit = max(1, venue.limits.subscriptionsPerConnection)
                let runner = set.runners.first { runner in
                    runner.streamRoute == route
                        && runner.subscriptionCount + (additions[ObjectIdentifier(runner)]?.1.count ?? 0) < limit
                } ?? {
                    let runner = FeedRunner(index: set.runners.count, streamRoute: route, subscriptions: [], venue: venue,
                                            configuration: configuration, buffer: buffer, logger: logger, metrics: metrics)
                    set.runners.append(runner)
                    created.append(runner)
                    return runner
                }()
                additions[ObjectIdentifier(runner), default: (runner, [])].1.append(subscription)
            }
            for (runner, added) in additions.values { runner.add(added) }
            return set.isRunning ? created : []
        }
        for runner in started { newRunners.yield(runner) }
    }

    /// Ends subscriptions while running; their connections stay open for the rest.
    public func unsubscribe(_ subscriptions: [Subscription]) {
        let all = runners.withLock { $0.runners }
        for runner in all { runner.remove(subscriptions) }
    }

    /// How many connections the subscriptions are spread over.
    public var connectionCount: Int { runners.withLock { $0.runners.count } }

    /// Every event of every connection, in the order each connection produced them.
    /// It can be iterated once; iteration ends when ``run()`` ends (throwing its error, if any).
    public var events: Events { Events(stream: self) }

    /// The events of a ``FeedStream``.
    public struct Events: AsyncSequence, Sendable {
        public typealias Element = StreamEvent
        let stream: FeedStream

        public func makeAsyncIterator() -> Iterator {
            precondition(!stream.iterated.exchange(true, ordering: .relaxed), "a FeedStream's events can be iterated only once")
            return Iterator(buffer: stream.buffer)
        }

        /// Takes events a batch at a time from the buffer and hands them out one by one.
        public struct Iterator: AsyncIteratorProtocol {
            let buffer: EventBuffer
            var batch = EventChunks()
            var chunk = 0
            var position = 0

            public mutating func next() async throws -> StreamEvent? {
                while true {
                    if chunk < batch.chunks.count {
                        if position < batch.chunks[chunk].count {
                            defer { position += 1 }
                            return batch.chunks[chunk][position]
                        }
                        chunk += 1
                        position = 0
                        continue
                    }
                    batch.removeAll()
                    chunk = 0
                    position = 0
                    guard try await buffer.next(into: &batch) else { return nil }
                }
            }
        }
    }
}
