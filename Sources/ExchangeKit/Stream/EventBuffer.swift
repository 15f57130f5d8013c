import DequeModule
import Synchronization

/// The bounded queue between a stream's connections and its one consumer.
///
/// Producers append synchronously (so events of one book keep their order even
/// when two tasks produce them) and then wait for space outside any lock. The
/// consumer takes everything pending at once, so the cost of a lock and a
/// possible suspension is paid per batch, not per event. A read loop hands over
/// a whole socket read's events as one chunk, and the consumer takes the chunks
/// as they are: events are not copied on their way through.
final class EventBuffer: Sendable {
    private struct State: ~Copyable {
        var queue = EventChunks()
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
            for event in events { Self.append(event, to: &state.queue, policy: policy) }
            return Self.settle(&state, policy: policy)
        }
        if full { reachedCapacity.store(true, ordering: .relaxed) }
        wake?.resume()
        return full && policy.whenFull != .dropOldest
    }

    /// Adds `events` in order as one chunk, and leaves `events` empty (a fresh chunk): nothing
    /// is copied. With `conflate` and the queue full, the events go one by one instead.
    /// - Returns: whether the queue is at capacity, so the producer should ``waitForSpace()``.
    @discardableResult
    func append(moving events: inout Deque<StreamEvent>) -> Bool {
        guard !events.isEmpty else { return false }
        let (wake, full) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            guard !state.finished else { return (nil, false) }
            if policy.whenFull == .conflate, state.queue.count + events.count > policy.capacity {
                for event in events { Self.append(event, to: &state.queue, policy: policy) }
                events.removeAll(keepingCapacity: true)
            } else {
                state.queue.append(chunk: events)
                events = Deque()
            }
            return Self.settle(&state, policy: policy)
        }
        if full { reachedCapacity.store(true, ordering: .relaxed) }
        wake?.resume()
        return full && policy.whenFull != .dropOldest
    }

    /// Queues one event, or with `conflate` and a full queue lets it replace its older self.
    private static func append(_ event: StreamEvent, to queue: inout EventChunks, policy: BufferPolicy) {
        if policy.whenFull == .conflate, queue.count >= policy.capacity, event.payload.isConflatable,
           queue.replaceLatest(matching: event) {
            return
        }
        queue.append(event)
    }

    /// After an append: drops the oldest events beyond capacity (`dropOldest`), and takes the
    /// consumer to wake. - Returns: the consumer, and whether the queue is at capacity.
    private static func settle(_ state: inout State, policy: BufferPolicy) -> (CheckedContinuation<Void, Never>?, Bool) {
        if policy.whenFull == .dropOldest, state.queue.count > policy.capacity {
            let excess = state.queue.count - policy.capacity
            state.lastDropped = state.queue.removeFirst(excess)
            state.dropped += excess
        }
        let consumer = state.consumer
        state.consumer = nil
        return (consumer, state.queue.count >= policy.capacity)
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
    func next() async throws -> [StreamEvent]? {
        var batch = EventChunks()
        return try await next(into: &batch) ? batch.chunks.flatMap { $0 } : nil
    }

    /// Swaps every pending event into `batch`, which must be empty (the queue's chunks are
    /// handed over as they are), waiting for some.
    /// - Returns: false once finished and drained.
    /// - Throws: the error the stream finished with, after the pending events.
    func next(into batch: inout EventChunks) async throws -> Bool {
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
}

/// Queued events, in chunks as they were appended (a socket read's events are one chunk).
struct EventChunks {
    private(set) var chunks = Deque<Deque<StreamEvent>>()
    /// Events in all chunks.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ event: StreamEvent) {
        if chunks.isEmpty { chunks.append([]) }
        chunks[chunks.count - 1].append(event)
        count += 1
    }

    mutating func append(chunk: Deque<StreamEvent>) {
        count += chunk.count
        chunks.append(chunk)
    }

    mutating func prepend(_ event: StreamEvent) {
        chunks.prepend([event])
        count += 1
    }

    mutating func removeAll() {
        chunks.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Removes the `n` oldest events. - Returns: the last of them.
    mutating func removeFirst(_ n: Int) -> StreamEvent? {
        var remaining = min(n, count)
        var last: StreamEvent?
        while remaining > 0, let first = chunks.first {
            if first.count <= remaining {
                last = first.last
                remaining -= first.count
                count -= first.count
                chunks.removeFirst()
            } else {
                last = first[remaining - 1]
                chunks[0].removeFirst(remaining)
                count -= remaining
                remaining = 0
            }
        }
        return last
    }

    /// Replaces the newest queued latest-value event of the same kind, symbol and connection.
    /// - Returns: whether one was replaced.
    mutating func replaceLatest(matching event: StreamEvent) -> Bool {
        let kind = event.payload.kind
        for chunk in chunks.indices.reversed() {
            for index in chunks[chunk].indices.reversed() {
                let queued = chunks[chunk][index]
                if queued.symbol == event.symbol, queued.connection == event.connection, queued.payload.kind == kind,
                   queued.payload.isConflatable {
                    chunks[chunk][index] = event
                    return true
                }
            }
        }
        return false
    }
}
