extension FeedRunner {
    /// A subscription message waiting for its ack.
    struct PendingRequest {
        var subscriptions: [Subscription]
        /// When the ack is overdue; nil while the request waits its turn to be sent.
        var deadline: ContinuousClock.Instant?
        /// When it was queued: a request the rate guard never lets out (pings starving it) still times out.
        var queuedAt: ContinuousClock.Instant
        var attempts: Int
        var isUnsubscribe: Bool
    }

    /// The connection's control loop: handshake, subscriptions and their acks, heartbeat,
    /// silence, lifetime, and the endpoint's keep-alive beside it. Ends the session by throwing ``SessionEnd``.
    func supervise(signals: AsyncStream<SessionSignal>, session: SessionContext, connection: WebSocketConnection) async throws {
        try await withKeepAlive(session.endpoint.keepAlive, session: session) { keepAlive in
            try await supervise(signals: signals, session: session, connection: connection, keepAlive: keepAlive)
        }
    }

    private func supervise(signals: AsyncStream<SessionSignal>, session: SessionContext, connection: WebSocketConnection,
                           keepAlive: KeepAliveSchedule?) async throws {
        var keepAlive = keepAlive
        let endpoint = session.endpoint
        let connectedAt = ContinuousClock.now
        var signals = signals.makeAsyncIterator()

        if case .welcome(let timeout) = endpoint.handshake {
            let deadline = connectedAt.advanced(by: timeout)
            waiting: while let signal = await signals.next() {
                switch signal {
                case .welcome:
                    break waiting
                case .reconnect(let reason):
                    throw SessionEnd(reason: reason)
                case .tick where ContinuousClock.now > deadline:
                    throw SessionEnd(reason: "no handshake from the venue within \(timeout)")
                default:
                    continue
                }
            }
        }

        // A successor takes the next epoch when it takes over; until then the live session keeps it.
        let epoch = wanted.withLock { state -> Int in
            if session.isSuccessor { return state.epoch + 1 }
            state.epoch += 1
            return state.epoch
        }
        session.epoch.store(epoch, ordering: .relaxed)
        if session.isSuccessor {
            logger.info("successor connected; subscribing before it takes over", metadata: ["epoch": "\(epoch)"])
        } else {
            emit(epoch == 1 ? .connected : .reconnected, epoch: epoch, session: session)
            logger.info(epoch == 1 ? "connected" : "reconnected", metadata: ["epoch": "\(epoch)"])
        }

        var ids = RequestIDs(prefix: "\(index).\(epoch)\(session.isSuccessor ? "s" : "").")
        var pending: [String: PendingRequest] = [:]
        var subscribed: Set<Subscription> = []
        var failed: Set<Subscription> = []
        var nextPing = connectedAt.advanced(by: endpoint.heartbeat.interval)
        // Rotation: with a lifetime limit, a successor is dialled `lead` before it ends and given
        // until the limit to take over; the planned reconnect at the limit is the fallback.
        var isLive = !session.isSuccessor
        let lifetime = [endpoint.maximumLifetime, configuration.connectionLifetime].compactMap { $0 }.min()
        let lead = lifetime.map { min(configuration.rotationLead, $0 / 2) }
        var successorDue = configuration.rotatesAheadOfLifetime
            ? lifetime.flatMap { lifetime in lead.map { connectedAt.advanced(by: lifetime - $0) } } : nil
        var readySince: ContinuousClock.Instant?

        func send(_ requests: [StreamRequest], unsubscribe: Bool, attempts: Int = 1) {
            for request in requests {
                if let id = request.id {
                    pending[id] = PendingRequest(subscriptions: request.subscriptions, deadline: nil, queuedAt: ContinuousClock.now,
                                                 attempts: attempts, isUnsubscribe: unsubscribe)
                } else if !unsubscribe {
                    // The venue does not acknowledge: take it as held, and start its books now.
                    confirm(request.subscriptions)
                }
                session.outbound.yield(OutboundText(text: request.text, requestID: request.id))
            }
        }

        func confirm(_ subscriptions: [Subscription]) {
            for subscription in subscriptions {
                subscribed.insert(subscription)
                metrics.acks.increment()
                emit(.subscribed(subscription), symbol: subscription.symbol, epoch: epoch, session: session)
                if subscription.isSynchronizedBook, let symbol = subscription.symbol {
                    startBook(symbol, session: session)
                }
            }
        }

        /// A subscription the venue will not serve: reported once, and its book (which will never
        /// synchronise) dropped, so it cannot hold a successor back.
        func fail(_ subscription: Subscription, reason: String) {
            failed.insert(subscription)
            metrics.subscriptionFailures.increment()
            emit(.subscriptionFailed(subscription, reason: reason), symbol: subscription.symbol, epoch: epoch, session: session)
            if subscription.isSynchronizedBook, let symbol = subscription.symbol {
                session.state.withLock { _ = $0.books.removeValue(forKey: symbol) }
            }
        }

        func reconcile() {
            let wantedNow = subscriptions
            let inFlight = Set(pending.values.filter { !$0.isUnsubscribe }.flatMap(\.subscriptions))
            let toAdd = wantedNow.filter { !subscribed.contains($0) && !inFlight.contains($0) && !failed.contains($0) }
            let wantedSet = Set(wantedNow)
            let toRemove = subscribed.union(inFlight).filter { !wantedSet.contains($0) }
            failed = failed.intersection(wantedSet)
            if !toRemove.isEmpty {
                subscribed.subtract(toRemove)
                for (id, request) in pending where !request.isUnsubscribe {
                    let remaining = request.subscriptions.filter { wantedSet.contains($0) }
                    if remaining.isEmpty { pending[id] = nil } else { pending[id]?.subscriptions = remaining }
                }
                session.state.withLock { state in
                    for subscription in toRemove where subscription.isSynchronizedBook {
                        if let symbol = subscription.symbol { state.books[symbol] = nil }
                    }
                }
                send(venue.unsubscribeRequests(Array(toRemove), ids: &ids), unsubscribe: true)
            }
            if !toAdd.isEmpty {
                // A successor's books are never announced as resynced: the handover decides what the consumer sees.
                let onceLive = session.isSuccessor ? [] : wanted.withLock { $0.booksOnceLive }
                session.state.withLock { state in
                    for subscription in toAdd where subscription.isSynchronizedBook {
                        if let symbol = subscription.symbol, state.books[symbol] == nil {
                            state.books[symbol] = onceLive.contains(symbol) ? .resuming(symbol: symbol, rule: venue.bookSequenceRule)
                                                                            : BookSynchronizer(symbol: symbol, rule: venue.bookSequenceRule)
                        }
                    }
                }
                let requests = venue.subscribeRequests(toAdd, ids: &ids)
                let covered = Set(requests.flatMap(\.subscriptions))
                for subscription in toAdd where !covered.contains(subscription) {
                    // The venue has no topic for it: say so once, instead of waiting for an ack that never comes.
                    fail(subscription, reason: "\(venue.id) does not offer \(subscription)")
                }
                send(requests, unsubscribe: false)
            }
        }

        reconcile()

        while let signal = await signals.next() {
            switch signal {
            case .welcome, .pong:
                continue
            case .sent(let id):
                pending[id]?.deadline = ContinuousClock.now.advanced(by: configuration.ackTimeout)
            case .ack(let id):
                guard let request = pending.removeValue(forKey: id) else { continue }
                if !request.isUnsubscribe { confirm(request.subscriptions) }
            case .requestFailed(let id, let code, let message):
                guard let id, let request = pending.removeValue(forKey: id) else {
                    throw SessionEnd(reason: "the venue reported an error: \(code.map { "\($0) " } ?? "")\(message)")
                }
                guard !request.isUnsubscribe else { continue }
                for subscription in request.subscriptions {
                    fail(subscription, reason: "\(code.map { "\($0) " } ?? "")\(message)")
                }
                logger.warning("subscription refused", metadata: ["subscriptions": "\(request.subscriptions)", "reason": "\(message)"])
            case .reconnect(let reason):
                throw SessionEnd(reason: reason)
            case .wantedChanged:
                reconcile()
            case .tick:
                let now = ContinuousClock.now
                let silence = session.silence(now: now)
                if silence > endpoint.heartbeat.timeout && !buffer.isBackpressuring.load(ordering: .relaxed) {
                    metrics.stale.increment()
                    emit(.stale(silence: silence), epoch: epoch, session: session)
                    throw SessionEnd(reason: "stale: no traffic for \(silence) (timeout \(endpoint.heartbeat.timeout))")
                }
                if now >= nextPing {
                    nextPing = now.advanced(by: endpoint.heartbeat.interval)
                    // The venue's own ping, else a WebSocket ping: either way the answer is inbound traffic.
                    try await self.send(venue.pingMessage(id: ids.next()), isHeartbeat: true, connection: connection, session: session)
                }
                // The ack timeout runs from the send; a request still queued after twice that counts as unacknowledged too.
                for (id, request) in pending where request.deadline.map({ $0 < now }) ?? (now - request.queuedAt > configuration.ackTimeout * 2) {
                    pending[id] = nil
                    if request.isUnsubscribe { continue }
                    let wantedSet = Set(subscriptions)
                    let stillWanted = request.subscriptions.filter { wantedSet.contains($0) }
                    guard !stillWanted.isEmpty else { continue }
                    for subscription in stillWanted {
                        metrics.subscriptionFailures.increment()
                        emit(.subscriptionFailed(subscription, reason: "no ack within \(configuration.ackTimeout) (attempt \(request.attempts))"),
                             symbol: subscription.symbol, epoch: epoch, session: session)
                    }
                    guard request.attempts <= configuration.ackRetries else {
                        throw SessionEnd(reason: "no ack for \(stillWanted.map(\.description).joined(separator: ", ")) after \(request.attempts) attempts")
                    }
                    send(venue.subscribeRequests(stillWanted, ids: &ids), unsubscribe: false, attempts: request.attempts + 1)
                }
                keepAlive?.tick(now: now)
                if !isLive, let lead {
                    let settled = pending.isEmpty && subscriptions.allSatisfy { subscribed.contains($0) || failed.contains($0) }
                    isLive = try successorTick(session, epoch: epoch, settled: settled, readySince: &readySince, lead: lead, now: now)
                }
                if isLive, let due = successorDue, now >= due, let lead {
                    // Asked again while none has taken over: the last one may have failed.
                    successorDue = now.advanced(by: max(configuration.tick, lead / 8))
                    wanted.withLock { $0.signals }?.yield(.dialSuccessor)
                }
                if isLive, let lifetime, now - connectedAt >= lifetime {
                    throw SessionEnd(reason: "planned reconnect: the connection's lifetime (\(lifetime)) ended and no successor took over in time")
                }
                if !session.isStable.load(ordering: .relaxed), pending.isEmpty,
                   now - connectedAt >= configuration.reconnect.stableAfter {
                    session.isStable.store(true, ordering: .relaxed)
                }
            }
        }
    }

    /// Lets a synchronised book ask for its snapshot now that its subscription is live.
    private func startBook(_ symbol: String, session: SessionContext) {
        session.state.withLock { state in
            guard var synchronizer = state.books.removeValue(forKey: symbol) else { return }
            var outputs: [BookSynchronizer.Output] = []
            synchronizer.start(into: &outputs)
            state.books[symbol] = synchronizer
            if outputs.contains(.needSnapshot) { session.snapshotRequests.yield(symbol) }
        }
    }
}
