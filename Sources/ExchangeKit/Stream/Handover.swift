import DequeModule

/// Joins a successor connection's held events onto what the connection it replaces delivered,
/// so a planned rotation (a venue's connection lifetime) loses and repeats nothing.
///
/// While the successor gets ready, both connections receive the same market: the incumbent goes
/// on delivering and records a fingerprint of every data event it delivers; the successor holds its
/// events back. At the switch the successor's held events are joined on:
/// - a data event the incumbent already delivered (same fingerprint) is dropped;
/// - `subscribed` is dropped (the consumer's subscriptions did not change);
/// - a synchronised book continues from the incumbent's last sequence when the successor's current
///   segment (its last snapshot and the deltas after it) starts at or before it: only the deltas
///   after it pass, no snapshot. Otherwise the successor's book is given as `resynced` and its
///   snapshot, as after a gap. The successor's earlier segments (a gap it had while held) never pass.
///
/// The incumbent may be a little ahead of the successor at the switch; what the successor reads
/// after it is therefore still filtered for a while (``HandoverFilter``).
///
/// The join is exact once the incumbent has caught up with the successor — it delivered each lane's
/// first held event and reached each book's snapshot — which ``isCaughtUp(_:)`` tells.
struct Handover {
    /// Fingerprints of the data events the incumbent delivered since the successor was dialled.
    var delivered: Set<Int>
    /// The incumbent's books: symbol → its last applied sequence, nil while it resynchronises.
    var incumbentBooks: [String: Int64?]

    /// One symbol's synchronised book among the held events: where its last snapshot is, and
    /// the incumbent's sequence when the book can continue from it.
    private struct BookSegment {
        var snapshot: Int
        var continuesAfter: Int64?
    }

    /// Whether every lane of the held events overlaps what the incumbent delivered.
    func isCaughtUp(_ held: Deque<StreamEvent>) -> Bool {
        for (symbol, segment) in bookSegments(held) where segment.continuesAfter == nil {
            // An incumbent resynchronising has no sequence to reach: its consumer awaits a snapshot anyway.
            if case .some(.some) = incumbentBooks[symbol] { return false }
        }
        var firstSeen: Set<Lane> = []
        for event in held {
            guard let fingerprint = event.overlapFingerprint, firstSeen.insert(Lane(event)).inserted else { continue }
            if !delivered.contains(fingerprint) { return false }
        }
        return true
    }

    /// The held events as the consumer should get them after the incumbent's, and the filter for
    /// what the successor reads next, until `filterUntil`.
    func join(_ held: Deque<StreamEvent>, filterUntil: ContinuousClock.Instant) -> (events: [StreamEvent], filter: HandoverFilter) {
        let segments = bookSegments(held)
        var filter = HandoverFilter(delivered: delivered, bookSkips: [:], until: filterUntil)
        for (symbol, segment) in segments {
            if let last = segment.continuesAfter { filter.bookSkips[symbol] = last }
        }
        var output: [StreamEvent] = []
        output.reserveCapacity(held.count)
        for (index, event) in held.enumerated() {
            if let symbol = event.symbol, let segment = segments[symbol], event.isSynchronizedBookEvent {
                if let last = segment.continuesAfter {
                    if case .book(let update) = event.payload, update.sequence <= last { continue }
                    if index > segment.snapshot { output.append(event) }
                } else if index == segment.snapshot {
                    var resynced = event
                    resynced.exchangeTime = nil
                    resynced.payload = .resynced
                    output.append(resynced)
                    output.append(event)
                } else if index > segment.snapshot {
                    output.append(event)
                }
                continue
            }
            if case .subscribed = event.payload { continue }
            if let fingerprint = event.overlapFingerprint, filter.delivered.remove(fingerprint) != nil { continue }
            output.append(event)
        }
        return (output, filter)
    }

    private func bookSegments(_ held: Deque<StreamEvent>) -> [String: BookSegment] {
        var segments: [String: BookSegment] = [:]
        for (index, event) in held.enumerated() {
            guard case .book(let update) = event.payload, update.depth == nil, update.action == .snapshot,
                  let symbol = event.symbol else { continue }
            var segment = BookSegment(snapshot: index)
            if case .some(.some(let last)) = incumbentBooks[symbol], last >= update.sequence { segment.continuesAfter = last }
            segments[symbol] = segment
        }
        return segments
    }

    /// A kind of data for one symbol: the unit whose first held event must have been delivered.
    private struct Lane: Hashable {
        var kind: String
        var symbol: String?

        init(_ event: StreamEvent) {
            kind = event.payload.kind
            symbol = event.symbol
        }
    }
}

/// What a successor still drops for a while after it took over: the connection it replaced may
/// have been ahead of it, having delivered events the successor had not read yet.
struct HandoverFilter {
    /// Fingerprints the old connection delivered that the successor has not matched yet.
    var delivered: Set<Int>
    /// Symbol → the book sequence the old connection delivered up to: the successor's deltas up to it are repeats.
    var bookSkips: [String: Int64]
    /// When the filter is dropped.
    let until: ContinuousClock.Instant

    /// Removes the repeats from `events`.
    mutating func apply(to events: inout Deque<StreamEvent>) {
        var kept = Deque<StreamEvent>()
        kept.reserveCapacity(events.count)
        for event in events {
            if case .book(let update) = event.payload, update.depth == nil, update.action == .delta,
               let symbol = event.symbol, let skip = bookSkips[symbol] {
                if update.sequence <= skip { continue }
                bookSkips[symbol] = nil
            } else if let fingerprint = event.overlapFingerprint, delivered.remove(fingerprint) != nil {
                continue
            }
            kept.append(event)
        }
        events = kept
    }
}

extension StreamEvent {
    /// A hash of what a data event says, the same for the copy every connection of the venue
    /// receives (receive time and connection left out); nil for lifecycle events and the
    /// synchronised book's events, which are joined by sequence instead.
    var overlapFingerprint: Int? {
        var hasher = Hasher()
        hasher.combine(symbol)
        hasher.combine(exchangeTime)
        switch payload {
        case .trade(let trade): hasher.combine(0); hasher.combine(trade)
        case .ticker(let ticker): hasher.combine(1); hasher.combine(ticker)
        case .book(let update):
            guard update.depth != nil else { return nil }
            hasher.combine(2); hasher.combine(update)
        case .order(let update): hasher.combine(3); hasher.combine(update)
        case .position(let position): hasher.combine(4); hasher.combine(position)
        case .balance(let balance): hasher.combine(5); hasher.combine(balance)
        case .candle(let candle): hasher.combine(6); hasher.combine(candle)
        case .markPrice(let mark): hasher.combine(7); hasher.combine(mark)
        case .fundingRate(let funding): hasher.combine(8); hasher.combine(funding)
        default: return nil
        }
        return hasher.finalize()
    }

    /// Whether the event belongs to a synchronised book's sequence: its snapshots and deltas
    /// (not a venue's top-N depth snapshots), and the gaps, crossings and resyncs around them.
    var isSynchronizedBookEvent: Bool {
        switch payload {
        case .book(let update): update.depth == nil
        case .gap, .resynced, .crossedBook: true
        default: false
        }
    }
}
