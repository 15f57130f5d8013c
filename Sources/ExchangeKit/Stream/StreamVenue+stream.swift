import Logging
import Metrics
import Synchronization

extension StreamVenue {
    /// Streams events for subscriptions: connects on the first `next()`, stops when iteration stops.
    ///
    /// ```swift
    /// for try await event in futures.stream([.trades("XBTUSDTM"), .book("XBTUSDTM")]) { … }
    /// ```
    public func stream(
        _ subscriptions: [Subscription], configuration: FeedConfiguration = FeedConfiguration(),
        logger: Logger = Logger(label: "ExchangeKit.FeedStream"), metrics: any MetricsFactory = MetricsSystem.factory
    ) -> RunningFeed {
        RunningFeed(feed: FeedStream(venue: self, subscriptions: subscriptions, configuration: configuration, logger: logger, metrics: metrics))
    }
}

/// A ``FeedStream`` that runs while it is iterated: the task that keeps its connections
/// alive starts with the first `next()` and is cancelled when the iterator goes away.
public struct RunningFeed: AsyncSequence, Sendable {
    public typealias Element = StreamEvent
    /// The stream, for subscribing and unsubscribing while iterating.
    public let feed: FeedStream

    public func makeAsyncIterator() -> Iterator {
        Iterator(feed: feed, events: feed.events.makeAsyncIterator())
    }

    /// Iterates the stream's events, owning the task that runs it.
    public struct Iterator: AsyncIteratorProtocol {
        let feed: FeedStream
        var events: FeedStream.Events.Iterator
        let owner = TaskOwner()

        public mutating func next() async throws -> StreamEvent? {
            owner.startIfNeeded(feed)
            do {
                return try await events.next()
            } catch {
                owner.cancel()
                throw error
            }
        }
    }

    /// Holds the running task and cancels it when the last iterator copy goes away.
    final class TaskOwner: Sendable {
        private let task = Mutex<Task<Void, Never>?>(nil)
        private let started = Atomic<Bool>(false)

        func startIfNeeded(_ feed: FeedStream) {
            guard !started.exchange(true, ordering: .relaxed) else { return }
            // The one unstructured task of the library: its lifetime is the iterator's.
            let running = Task { _ = try? await feed.run() }
            task.withLock { $0 = running }
        }

        func cancel() { task.withLock { $0?.cancel() } }

        deinit { task.withLock { $0?.cancel() } }
    }
}
