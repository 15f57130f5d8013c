/// Keeps one symbol's book consistent from a REST snapshot and a stream of deltas.
///
/// A pure state machine: the caller feeds deltas and snapshots and acts on the
/// outputs (emit events, fetch a snapshot). Deltas that arrive before the
/// snapshot are buffered and replayed after it; a sequence discontinuity emits
/// `gap` and asks for a new snapshot, so a book never silently diverges. After
/// ``reset()`` (a reconnect) nothing from before is kept: no ghost levels.
public struct BookSynchronizer: Sendable {
    /// What the caller must do.
    public enum Output: Sendable, Hashable {
        /// Emit this update (the snapshot, then every applied delta).
        case update(BookUpdate)
        /// A discontinuity: the book is discarded until a new snapshot arrives.
        case gap(expected: Int64, received: Int64)
        /// The book crossed (best bid ≥ best ask): it is discarded until a new snapshot arrives.
        case crossed
        /// The book is consistent again after a gap, a crossing or a reset.
        case resynced
        /// Fetch a REST snapshot and pass it to ``apply(snapshot:into:)``.
        case needSnapshot
    }

    enum State: Sendable {
        /// Waiting for a snapshot; deltas are buffered. `requested` once a fetch was asked for.
        case awaitingSnapshot(buffer: [BookDelta], requested: Bool, afterFailure: Bool)
        case live(OrderBook)
    }

    /// The symbol.
    public let symbol: String
    /// The venue's sequence rule.
    public let rule: BookSequenceRule
    /// Deltas buffered while waiting for a snapshot before the oldest are dropped (and a gap reported).
    public let maximumBufferedDeltas: Int
    /// Partial-book depth to report, when the book is a top-N one.
    public let depth: Int?
    private(set) var state: State
    private var hasBeenLive = false
    /// Live from a snapshot no delta has followed yet: the next delta is checked as the first one
    /// (Binance's straddles the snapshot's id; it does not chain to it).
    private var awaitsFirstDelta = false

    /// Creates a synchroniser that waits for its first snapshot.
    public init(symbol: String, rule: BookSequenceRule, depth: Int? = nil, maximumBufferedDeltas: Int = 50_000) {
        self.symbol = symbol
        self.rule = rule
        self.depth = depth
        self.maximumBufferedDeltas = maximumBufferedDeltas
        self.state = .awaitingSnapshot(buffer: [], requested: false, afterFailure: false)
    }

    /// A synchroniser for a book that was live on an earlier connection: it waits like a new one,
    /// and its first snapshot is announced with `resynced` (the consumer's book is being replaced).
    static func resuming(symbol: String, rule: BookSequenceRule) -> BookSynchronizer {
        var synchronizer = BookSynchronizer(symbol: symbol, rule: rule)
        synchronizer.hasBeenLive = true
        synchronizer.restart()
        return synchronizer
    }

    /// The maintained book, when it is consistent.
    public var book: OrderBook? {
        if case .live(let book) = state { return book }
        return nil
    }

    /// Whether the book is consistent now.
    public var isSynchronized: Bool { book != nil }

    /// Forgets everything (a reconnect): deltas from before are never mixed into the next book.
    public mutating func reset(into output: inout [Output]) {
        state = .awaitingSnapshot(buffer: [], requested: true, afterFailure: hasBeenLive)
        output.append(.needSnapshot)
    }

    /// Forgets everything (a reconnect) and waits, without asking yet, until the subscription is
    /// back: its ack or first delta asks for the snapshot.
    public mutating func restart() {
        state = .awaitingSnapshot(buffer: [], requested: false, afterFailure: hasBeenLive)
    }

    /// Starts the first synchronisation: asks for a snapshot if none was asked for yet.
    public mutating func start(into output: inout [Output]) {
        if case .awaitingSnapshot(let buffer, false, let afterFailure) = state {
            state = .awaitingSnapshot(buffer: buffer, requested: true, afterFailure: afterFailure)
            output.append(.needSnapshot)
        }
    }

    /// Feeds one delta.
    public mutating func receive(_ delta: BookDelta, into output: inout [Output]) {
        switch state {
        case .awaitingSnapshot(var buffer, let requested, let afterFailure):
            buffer.append(delta)
            if buffer.count > maximumBufferedDeltas {
                // Too long without a snapshot: the oldest deltas go, so the snapshot must be newer than them.
                buffer.removeFirst(buffer.count - maximumBufferedDeltas)
            }
            state = .awaitingSnapshot(buffer: buffer, requested: true, afterFailure: afterFailure)
            if !requested { output.append(.needSnapshot) }
        case .live(var book):
            state = .awaitingSnapshot(buffer: [], requested: true, afterFailure: true) // exclusive access while mutating
            switch awaitsFirstDelta ? first(&book, delta) : step(&book, delta) {
            case .applied(let update):
                awaitsFirstDelta = false
                if book.isCrossed {
                    state = .awaitingSnapshot(buffer: [], requested: true, afterFailure: true)
                    output.append(.crossed)
                    output.append(.needSnapshot)
                    return
                }
                state = .live(book)
                output.append(.update(update))
            case .skipped:
                state = .live(book)
            case .gap(let expected, let received):
                state = .awaitingSnapshot(buffer: [delta], requested: true, afterFailure: true)
                output.append(.gap(expected: expected, received: received))
                output.append(.needSnapshot)
            }
        }
    }

    /// Applies a REST snapshot and replays the buffered deltas that follow it.
    ///
    /// A snapshot older than the buffered deltas' start asks for another snapshot
    /// (reported as a gap), so the book never skips changes.
    /// - Throws: ``ExchangeError`` (`.decoding`) when a snapshot price has no exact key.
    public mutating func apply(snapshot: OrderBookSnapshot, into output: inout [Output]) throws {
        guard case .awaitingSnapshot(let buffer, _, let afterFailure) = state else {
            // A late snapshot for a book that is already live: the live book is newer or equal.
            return
        }
        var book = try OrderBook(snapshot: snapshot)
        var applied: [BookUpdate] = []
        var started = false
        for delta in buffer {
            let result: StepResult
            if !started {
                result = first(&book, delta)
                if case .applied = result { started = true }
            } else {
                result = step(&book, delta)
            }
            switch result {
            case .applied(let update):
                applied.append(update)
            case .skipped:
                continue
            case .gap(let expected, let received):
                // The snapshot does not reach the buffered deltas: keep them from here and fetch again.
                let rest = Array(buffer.drop { $0 != delta })
                state = .awaitingSnapshot(buffer: rest, requested: true, afterFailure: true)
                output.append(.gap(expected: expected, received: received))
                output.append(.needSnapshot)
                return
            }
        }
        if book.isCrossed {
            state = .awaitingSnapshot(buffer: [], requested: true, afterFailure: true)
            output.append(.crossed)
            output.append(.needSnapshot)
            return
        }
        state = .live(book)
        awaitsFirstDelta = !started
        if afterFailure { output.append(.resynced) }
        hasBeenLive = true
        output.append(.update(BookUpdate(
            symbol: symbol, action: .snapshot, bids: snapshot.bids.filter { $0.size != 0 }, asks: snapshot.asks.filter { $0.size != 0 },
            sequence: snapshot.sequence, depth: depth, timestamp: snapshot.timestamp)))
        for update in applied { output.append(.update(update)) }
    }

    // MARK: - Sequence rules

    enum StepResult {
        case applied(BookUpdate)
        case skipped
        case gap(expected: Int64, received: Int64)
    }

    /// The first delta after a snapshot: it must continue the snapshot's sequence.
    private func first(_ book: inout OrderBook, _ delta: BookDelta) -> StepResult {
        let snapshotSequence = book.sequence
        switch (rule, delta.sequence) {
        case (.chained, .chained(let first, let last, _)):
            if last < snapshotSequence { return .skipped }
            if first > snapshotSequence + 1 { return .gap(expected: snapshotSequence + 1, received: first) }
            return apply(&book, delta, newerThan: nil)
        default:
            return step(&book, delta)
        }
    }

    /// Any later delta: it must follow the previous one.
    private func step(_ book: inout OrderBook, _ delta: BookDelta) -> StepResult {
        let last = book.sequence
        switch (rule, delta.sequence) {
        case (.contiguous, .single(let sequence)):
            if sequence <= last { return .skipped }
            if sequence != last + 1 { return .gap(expected: last + 1, received: sequence) }
            return apply(&book, delta, newerThan: nil)
        case (.ranged, .range(let first, let end)):
            if end <= last { return .skipped }
            if first > last + 1 { return .gap(expected: last + 1, received: first) }
            return apply(&book, delta, newerThan: last)
        case (.chained, .chained(_, let end, let previous)):
            if end <= last { return .skipped }
            if previous != last { return .gap(expected: last, received: previous) }
            return apply(&book, delta, newerThan: nil)
        default:
            // A delta of the wrong shape for the venue's rule: treat as a discontinuity, never apply blindly.
            return .gap(expected: last + 1, received: delta.sequence.first)
        }
    }

    private func apply(_ book: inout OrderBook, _ delta: BookDelta, newerThan threshold: Int64?) -> StepResult {
        var bids: [PriceLevel] = []
        var asks: [PriceLevel] = []
        for change in delta.changes {
            if let threshold, let levelSequence = change.sequence, levelSequence <= threshold { continue }
            book.apply(change)
            let level = PriceLevel(price: change.price, size: change.size)
            if change.side == .bid { bids.append(level) } else { asks.append(level) }
        }
        book.sequence = delta.sequence.last
        if let time = delta.timestamp { book.timestamp = time }
        return .applied(BookUpdate(symbol: symbol, action: .delta, bids: bids, asks: asks, sequence: delta.sequence.last,
                                   depth: depth, timestamp: delta.timestamp))
    }
}

extension BookSynchronizer.Output {
    /// The stream event an output becomes; nil for ``needSnapshot``, which asks for a fetch instead.
    public var payload: StreamEvent.Payload? {
        switch self {
        case .update(let update): .book(update)
        case .gap(let expected, let received): .gap(expected: expected, received: received)
        case .crossed: .crossedBook
        case .resynced: .resynced
        case .needSnapshot: nil
        }
    }
}
