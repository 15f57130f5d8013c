import ExchangeKit
import Logging
import Synchronization

/// Runs a stream and hands each event to a writer until the limit, the duration, the
/// reader going away, or Ctrl-C (task cancellation) ends it.
struct FeedConsumer {
    var limit: Int?
    var duration: Duration?
    var io: RunnerIO

    /// Why the stream ended.
    enum Ending: String {
        case limitReached = "limit reached"
        case durationElapsed = "duration elapsed"
        case outputClosed = "output closed"
        case interrupted
    }

    /// Streams `subscriptions` from `venue`, calling `handle` for every event, in order, on the calling task.
    /// - Throws: the stream's error when it cannot go on (reconnect attempts spent).
    func run(venue: any StreamVenue, subscriptions: [Subscription], configuration: FeedConfiguration = FeedConfiguration(), logger: Logger,
             handle: (StreamEvent) -> Void) async throws -> Ending {
        let feed = FeedStream(venue: venue, subscriptions: subscriptions, configuration: configuration, logger: logger)
        let elapsed = SharedFlag()
        let duration = self.duration
        let io = self.io
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                guard let duration else { return try await feed.run() }
                // The feed runs until the duration is up; its end finishes the events below.
                try await withThrowingTaskGroup(of: Void.self) { timed in
                    timed.addTask { try await feed.run() }
                    timed.addTask {
                        try await Task.sleep(for: duration)
                        elapsed.value.store(true, ordering: .relaxed)
                    }
                    try await timed.next()
                    timed.cancelAll()
                }
            }
            if !io.stdout.isUnbuffered {
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: io.flushInterval)
                        io.stdout.flush()
                    }
                }
            }
            defer { group.cancelAll() }
            var count = 0
            do {
                for try await event in feed.events {
                    handle(event)
                    if io.stdout.isClosed { return .outputClosed }
                    if event.isData {
                        count += 1
                        if let limit, count >= limit { return .limitReached }
                    }
                }
            } catch is CancellationError {
                return .interrupted
            }
            if elapsed.value.load(ordering: .relaxed) { return .durationElapsed }
            return .interrupted
        }
    }
}

/// A flag child tasks can set.
final class SharedFlag: Sendable {
    let value = Atomic<Bool>(false)
}
