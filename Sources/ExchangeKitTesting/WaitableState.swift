import NIOCore
import Synchronization

/// State behind a `Mutex`, plus waits that a change of that state can end.
///
/// A wait is a condition over the state. It is checked when the wait starts and again after
/// every ``mutate(_:)``; the waiting task is resumed (always outside the lock) as soon as the
/// condition yields an outcome, or with the timeout error when a timer on the given event loop
/// fires first. Nothing polls.
///
/// Conditions run under the lock, so they must be quick and must not call back into this
/// object; they may change the state (e.g. advance a read cursor) when they end a wait.
final class WaitableState<State: Sendable>: Sendable {
    /// Decides a pending wait: `nil` keeps waiting, a result ends it with that outcome.
    typealias Condition<Value: Sendable> = @Sendable (inout State) -> Result<Value, any Error>?

    private struct PendingWait: Sendable {
        var id: Int
        /// Runs the wait's condition; when it is decided, returns the action resuming the waiter.
        var attempt: @Sendable (inout State) -> (@Sendable () -> Void)?
        var fail: @Sendable (any Error) -> Void
        var timer: Scheduled<Void>?
    }

    private struct Storage: Sendable {
        var state: State
        var waits: [PendingWait] = []
        var nextWaitID = 0
    }

    private let storage: Mutex<Storage>

    init(_ state: State) {
        storage = Mutex(Storage(state: state))
    }

    /// Reads the state under the lock.
    func read<Result: Sendable>(_ body: (State) -> Result) -> Result {
        storage.withLock { body($0.state) }
    }

    /// Changes the state under the lock, then resumes every wait the change decided.
    @discardableResult
    func mutate<Result: Sendable>(_ body: (inout State) -> Result) -> Result {
        let (result, decided) = storage.withLock { storage in
            let result = body(&storage.state)
            return (result, Self.settle(&storage))
        }
        for (resume, timer) in decided {
            timer?.cancel()
            resume()
        }
        return result
    }

    /// Suspends until `condition` yields an outcome, `timeout` passes (then throws the error
    /// `timeoutError` builds from the state at that moment) or the task is cancelled.
    func wait<Value: Sendable>(
        timeout: Duration,
        on eventLoop: any EventLoop,
        timeoutError: @escaping @Sendable (State) -> any Error,
        until condition: @escaping Condition<Value>
    ) async throws -> Value {
        let id = storage.withLock { storage in
            storage.nextWaitID += 1
            return storage.nextWaitID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let pending = PendingWait(
                    id: id,
                    attempt: { state in
                        guard let outcome = condition(&state) else { return nil }
                        return { continuation.resume(with: outcome) }
                    },
                    fail: { error in continuation.resume(throwing: error) },
                    timer: nil
                )
                let immediate: (@Sendable () -> Void)? = storage.withLock { storage in
                    if let resume = pending.attempt(&storage.state) { return resume }
                    // Checked under the lock: the cancellation handler takes the same lock, so
                    // either it finds this wait registered or this check sees the cancellation.
                    if Task.isCancelled {
                        return { continuation.resume(throwing: CancellationError()) }
                    }
                    storage.waits.append(pending)
                    return nil
                }
                if let immediate {
                    immediate()
                    return
                }
                let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                    self.fail(id, with: timeoutError)
                }
                let stillWaiting = storage.withLock { storage in
                    guard let index = storage.waits.firstIndex(where: { $0.id == id }) else { return false }
                    storage.waits[index].timer = timer
                    return true
                }
                if !stillWaiting {
                    timer.cancel()
                }
            }
        } onCancel: {
            self.fail(id) { _ in CancellationError() }
        }
    }

    private func fail(_ id: Int, with makeError: @Sendable (State) -> any Error) {
        let found: (PendingWait, any Error)? = storage.withLock { storage in
            guard let index = storage.waits.firstIndex(where: { $0.id == id }) else { return nil }
            return (storage.waits.remove(at: index), makeError(storage.state))
        }
        guard let (pending, error) = found else { return }
        pending.timer?.cancel()
        pending.fail(error)
    }

    /// Removes the waits whose condition now holds and returns how to resume them, in the
    /// order they started waiting (so competing cursor reads are served first come, first served).
    private static func settle(_ storage: inout Storage) -> [(@Sendable () -> Void, Scheduled<Void>?)] {
        guard !storage.waits.isEmpty else { return [] }
        var decided: [(@Sendable () -> Void, Scheduled<Void>?)] = []
        var remaining: [PendingWait] = []
        for pending in storage.waits {
            if let resume = pending.attempt(&storage.state) {
                decided.append((resume, pending.timer))
            } else {
                remaining.append(pending)
            }
        }
        storage.waits = remaining
        return decided
    }
}
