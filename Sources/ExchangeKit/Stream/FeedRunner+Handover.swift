import DequeModule

extension FeedRunner {
    /// What a successor's attempt to take over came to.
    enum HandoverResult {
        /// The live session has not caught up with the successor yet: try again on the next tick.
        case waiting
        /// The successor delivers to the stream now; the old session is being closed.
        case done
        /// The successor cannot take over (the session it was to replace is gone): it ends.
        case abandoned(String)
    }

    /// A successor's tick: it gives up when its hold filled, and takes over once it is ready —
    /// every subscription answered (`settled`), every book synchronised — and the live session
    /// caught up with it, or it waited the handover wait (at most a quarter of the lead) for that.
    /// - Returns: whether it took over.
    /// - Throws: ``SessionEnd`` when it gives up.
    func successorTick(_ session: SessionContext, epoch: Int, settled: Bool, readySince: inout ContinuousClock.Instant?,
                       lead: Duration, now: ContinuousClock.Instant) throws -> Bool {
        let booksReady = session.state.withLock { state -> Bool? in
            state.heldOverflow ? nil : state.books.values.allSatisfy(\.isSynchronized)
        }
        guard let booksReady else {
            throw SessionEnd(reason: "held more than \(configuration.buffer.capacity) events before it could take over")
        }
        guard settled && booksReady else { return false }
        let since = readySince ?? now
        readySince = since
        switch handOver(to: session, epoch: epoch, force: now - since >= min(configuration.handoverWait, lead / 4)) {
        case .waiting: return false
        case .done: return true
        case .abandoned(let reason): throw SessionEnd(reason: reason)
        }
    }

    /// Makes `successor` the live session: under both sessions' locks (the live one's first) the
    /// live one stops delivering, and the successor's held events, joined onto what it delivered
    /// (``Handover``), follow a `rotated` event on the stream. Then the old connection is closed.
    /// - Parameter force: take over even if the live session has not caught up (waited long enough).
    func handOver(to successor: SessionContext, epoch: Int, force: Bool) -> HandoverResult {
        guard let incumbent = wanted.withLock({ $0.live }) else { return .abandoned("the connection it was to replace is gone") }
        let result = incumbent.state.withLock { old -> HandoverResult in
            guard old.isReading else { return .abandoned("the connection it was to replace closed") }
            guard let delivered = old.delivered else {
                return .abandoned("the connection it was to replace delivered more than it could note before this one was ready")
            }
            return successor.state.withLock { new -> HandoverResult in
                guard let held = new.held else { return .abandoned("it already took over") }
                let handover = Handover(delivered: delivered, incumbentBooks: old.books.mapValues { $0.book?.sequence })
                if !force && !handover.isCaughtUp(held) { return .waiting }
                let committed = wanted.withLock { state -> Bool in
                    guard state.live === incumbent, state.successor === successor else { return false }
                    state.live = successor
                    state.successor = nil
                    state.epoch = epoch
                    return true
                }
                guard committed else { return .abandoned("the connection it was to replace changed") }
                old.isRetired = true
                old.delivered = nil
                new.held = nil
                new.positions.merge(old.positions) { own, _ in own }
                let (joined, filter) = handover.join(held, filterUntil: .now.advanced(by: configuration.handoverWait))
                new.afterHandover = filter
                var events = [StreamEvent(venue: venue.id, receiveTime: Timestamp.now(), connection: index, epoch: epoch, payload: .rotated)]
                events.append(contentsOf: joined)
                _ = buffer.append(contentsOf: events)
                return .done
            }
        }
        if case .done = result {
            metrics.rotations.increment()
            logger.info("successor took over", metadata: ["epoch": "\(epoch)", "caughtUp": "\(!force)"])
            incumbent.end("rotated: replaced by the connection of epoch \(epoch)")
        }
        return result
    }
}
