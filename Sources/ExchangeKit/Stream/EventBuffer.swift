import DequeModule
import Synchronization

/// The bounded queue between a stream's connections and its one consumer.
///
/// Producers append synchronously (so events of one book keep their order even
/// when two tasks produce them) and then wait for space outside any lock. The
/// consumer takes everything pending at once, so the cost of a lock and a
/// possible suspension is paid per batch, not per event.
final class EventBuffer: Sendable {
    private struct State: ~Copyable {
        var queue: Deque<StreamEvent> = []
        var consumer: CheckedContinuation<Void, Never>?
        var producers: [CheckedContinuation<Void, Never>] = []
        var finished = false
        var failure: (any Error)?
        var dropped = 0
        var lastDropped: StreamEvent?
    }

    let policy: BufferPolicy
    private let state = Mutex(State())
    /// Whether producers are paused for the consumer: heartbeat silence then says nothing about the socket.
    let isBackpressuring = Atomic<Bool>(false)

    init(policy: BufferPolicy) {
        self.policy = policy
    }

    /// Whether the queue was at capacity after the last append (a cheap hint, read without the lock).
    private let reachedCapacity = Atomic<Bool>(false)

    /// Whether a producer may have to wait: the queue reached capacity at its last append.
    var mayNeedWait: Bool { policy.whenFull != .dropOldest && reachedCapacity.load(ordering: .relaxed) }

    /// Adds events in order; never blocks. With `dropOldest` it drops and counts; with `conflate`
    /// it replaces queued latest-value events of the same kind and symbol.
    /// - Returns: whether the queue is at capacity, so the producer should ``waitForSpace()``.
    @discardableResult
    func append(contentsOf events: some Collection<StreamEvent>) -> Bool {
        guard !events.isEmpty else { return false }
        let (wake, full) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            guard !state.finished else { return (nil, false) }
            for event in events {
                if policy.whenFull == .conflate, state.queue.count >= policy.capacity, event.payload.isConflatable,
                   let index = Self.indexToConflate(event, in: state.queue) {
                    state.queue[index] = event
                    continue
                }
                state.queue.append(event)
            }
            if policy.whenFull == .dropOldest, state.queue.count > policy.capacity {
                let excess = state.queue.count - policy.capacity
                state.lastDropped = state.queue[excess - 1]
                state.queue.removeFirst(excess)
                state.dropped += excess
            }
            let consumer = state.consumer
            state.consumer = nil
            return (consumer, state.queue.count >= policy.capacity)
        }
        if full { reachedCapacity.store(true, ordering: .relaxed) }
        wake?.resume()
        return full && policy.whenFull != .dropOldest
    }

    /// Adds `events` in order and leaves `events` empty: when the queue is empty the two swap
    /// storage instead of copying (the common case when the consumer keeps up).
    /// - Returns: whether the queue is at capacity, so the producer should ``waitForSpace()``.
    @discardableResult
    func append(moving events: inout Deque<StreamEvent>) -> Bool {
        guard !events.isEmpty else { return false }
        // nil: not swapped; .some(consumer): swapped, and the consumer to wake, if one waits.
        let swapped = state.withLock { state -> CheckedContinuation<Void, Never>?? in
            guard state.queue.isEmpty, events.count < policy.capacity, !state.finished else { return nil }
            swap(&state.queue, &events)
            defer { state.consumer = nil }
            return .some(state.consumer)
        }
        guard let consumer = swapped else {
            defer { events.removeAll(keepingCapacity: true) }
            return append(contentsOf: events)
        }
        consumer?.resume()
        return false
    }

    /// Adds one event.
    @discardableResult
    func append(_ event: StreamEvent) -> Bool { append(contentsOf: CollectionOfOne(event)) }

    /// Waits while the queue is at capacity (not with `dropOldest`, which never waits).
    func waitForSpace() async {
        guard policy.whenFull != .dropOldest else { return }
        while true {
            let mustWait = state.withLock { $0.queue.count >= policy.capacity && !$0.finished }
            guard mustWait else { return }
            isBackpressuring.store(true, ordering: .relaxed)
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.queue.count < policy.capacity || state.finished { return true }
                    state.producers.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Takes every pending event (with a `dropped` report first when events were dropped),
    /// waiting for some; nil once finished and drained.
    /// - Throws: the error the stream finished with, after the pending events.
    func next() async throws -> Deque<StreamEvent>? {
        var batch = Deque<StreamEvent>()
        return try await next(into: &batch) ? batch : nil
    }

    /// Swaps every pending event into `batch` (which must be empty; its storage becomes the
    /// queue's, so two buffers go back and forth and nothing is copied), waiting for some.
    /// - Returns: false once finished and drained.
    /// - Throws: the error the stream finished with, after the pending events.
    func next(into batch: inout Deque<StreamEvent>) async throws -> Bool {
        precondition(batch.isEmpty, "the batch must be empty")
        while true {
            let taken = state.withLock { state -> (taken: Bool, producers: [CheckedContinuation<Void, Never>], done: Bool, failure: (any Error)?) in
                if state.queue.isEmpty && state.dropped == 0 {
                    return (false, [], state.finished, state.finished ? state.failure : nil)
                }
                swap(&batch, &state.queue)
                if state.dropped > 0, let last = state.lastDropped {
                    batch.prepend(StreamEvent(venue: last.venue, receiveTime: last.receiveTime, connection: last.connection,
                                              epoch: last.epoch, payload: .dropped(count: state.dropped)))
                    state.dropped = 0
                }
                let producers = state.producers
                state.producers.removeAll()
                return (true, producers, false, nil)
            }
            if taken.taken {
                reachedCapacity.store(false, ordering: .relaxed)
                if !taken.producers.isEmpty { isBackpressuring.store(false, ordering: .relaxed) }
                for producer in taken.producers { producer.resume() }
                return true
            }
            if taken.done {
                if let failure = taken.failure { throw failure }
                return false
            }
            try Task.checkCancellation()
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if !state.queue.isEmpty || state.dropped > 0 || state.finished { return true }
                        state.consumer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                let consumer = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    defer { state.consumer = nil }
                    return state.consumer
                }
                consumer?.resume()
            }
        }
    }

    /// Ends the stream; the consumer drains what is queued, then sees the end (or the error).
    func finish(throwing error: (any Error)? = nil) {
        let (consumer, producers) = state.withLock { state -> (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, Never>]) in
            guard !state.finished else { return (nil, []) }
            state.finished = true
            state.failure = error
            defer {
                state.consumer = nil
                state.producers.removeAll()
            }
            return (state.consumer, state.producers)
        }
        consumer?.resume()
        for producer in producers { producer.resume() }
    }

    /// Events queued now.
    var count: Int { state.withLock { $0.queue.count } }

    private static func indexToConflate(_ event: StreamEvent, in queue: Deque<StreamEvent>) -> Int? {
        let kind = event.payload.kind
        var index = queue.count - 1
        while index >= 0 {
            let queued = queue[index]
            if queued.symbol == event.symbol, queued.connection == event.connection, queued.payload.kind == kind,
               queued.payload.isConflatable {
                return index
            }
            index -= 1
        }
        return nil
    }
}
