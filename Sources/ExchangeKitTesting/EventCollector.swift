import ExchangeKit
import Synchronization

/// Collects a stream's events and lets a test wait for a condition on them, without sleeping.
///
/// ```swift
/// let events = EventCollector()
/// // a task appends every event of feed.events
/// let seen = try await events.wait(for: "the first trade") { $0.trades.count == 1 }
/// ```
public final class EventCollector: Sendable {
    private struct State {
        var events: [StreamEvent] = []
        var waiters: [(id: Int, condition: @Sendable ([StreamEvent]) -> Bool, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID = 0
    }
    private let state = Mutex(State())

    /// Creates an empty collector.
    public init() {}

    /// The events so far, in arrival order.
    public var events: [StreamEvent] { state.withLock { $0.events } }

    /// Adds an event and wakes the waits it satisfies.
    public func append(_ event: StreamEvent) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.events.append(event)
            var ready: [CheckedContinuation<Bool, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.condition(state.events) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    /// Waits until `condition` holds for the events so far and returns them.
    /// - Throws: ``EventWaitTimeout`` after `timeout`, naming `what` and the events seen.
    @discardableResult
    public func wait(for what: String, timeout: Duration = .seconds(10), _ condition: @escaping @Sendable ([StreamEvent]) -> Bool) async throws -> [StreamEvent] {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        let met = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let now = self.state.withLock { state -> Bool in
                        if condition(state.events) { return true }
                        state.waiters.append((id, condition, continuation))
                        return false
                    }
                    if now { continuation.resume(returning: true) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                let waiter = self.state.withLock { state -> CheckedContinuation<Bool, Never>? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index).continuation
                }
                waiter?.resume(returning: false)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        let events = self.events
        guard met else {
            throw EventWaitTimeout(what: what, seen: events.map { "\($0.connection)/\($0.epoch) \($0.payload.kind)\($0.symbol.map { " \($0)" } ?? "")" })
        }
        return events
    }
}

/// A wait of ``EventCollector`` that timed out: what it waited for and the last events seen.
public struct EventWaitTimeout: Error, CustomStringConvertible {
    /// What the wait was for.
    public var what: String
    /// The events seen, as `connection/epoch kind symbol`.
    public var seen: [String]
    public var description: String { "timed out waiting for \(what); events: \(seen.suffix(40).joined(separator: ", "))" }
}

extension Array where Element == StreamEvent {
    /// The events' kinds, as the JSON lines name them.
    public func kinds() -> [String] { map(\.payload.kind) }
    /// How many events are of `kind`.
    public func count(_ kind: String) -> Int { filter { $0.payload.kind == kind }.count }
    /// The trades among the events.
    public var trades: [Trade] { compactMap { if case .trade(let trade) = $0.payload { trade } else { nil } } }
    /// The book updates among the events.
    public var bookUpdates: [BookUpdate] { compactMap { if case .book(let update) = $0.payload { update } else { nil } } }
    /// The reasons of the `disconnected` events, in order.
    public var disconnectReasons: [String] { compactMap { if case .disconnected(let reason) = $0.payload { reason } else { nil } } }

    /// The book the events' book updates (of connection epoch `epoch`, or all) build, snapshots
    /// replacing what came before. Throws what ``OrderBook/apply(_:)`` throws.
    public func book(epoch: Int? = nil) throws -> OrderBook {
        let updates = filter { epoch == nil || $0.epoch == epoch }.bookUpdates
        var book = OrderBook(symbol: updates.first?.symbol ?? "")
        for update in updates { try book.apply(update) }
        return book
    }
}
