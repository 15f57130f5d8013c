import DequeModule
import Logging
import Metrics
import Synchronization

/// Keeps one WebSocket connection's subscriptions alive: dial, handshake,
/// subscribe, heartbeat, and on any drop back off and do it all again.
///
/// A runner owns the subscriptions assigned to its connection (``FeedStream``
/// shards them); each session (one dial) owns the books synchronised over it. Its ``run()`` returns only
/// when cancelled, or throws when the reconnect policy gives up.
final class FeedRunner: Sendable {
    /// The connection's index within its stream.
    let index: Int
    /// The venue's entry point the connection dials (its privacy included).
    let streamRoute: StreamRoute
    let venue: any StreamVenue
    let configuration: FeedConfiguration
    let buffer: EventBuffer
    let logger: Logger
    let metrics: StreamMetrics

    struct Wanted: Sendable {
        /// The subscriptions this connection should hold, in the order they were asked for.
        var subscriptions: [Subscription] = []
        /// The session delivering to the stream now.
        var live: SessionContext?
        /// A session dialled ahead of the live one's lifetime limit, holding its events until it takes over.
        var successor: SessionContext?
        /// Where sessions report their end and ask for a successor, while ``run()`` runs.
        var signals: AsyncStream<RunnerSignal>.Continuation?
        /// The epoch of the current (or last) connection.
        var epoch = 0
        /// The books that were synchronised on some connection: a later connection announces their
        /// first snapshot with `resynced`.
        var booksOnceLive: Set<String> = []
    }

    let wanted: Mutex<Wanted>

    init(index: Int, streamRoute: StreamRoute, subscriptions: [Subscription], venue: any StreamVenue, configuration: FeedConfiguration,
         buffer: EventBuffer, logger: Logger, metrics: any MetricsFactory) {
        self.index = index
        self.streamRoute = streamRoute
        self.venue = venue
        self.configuration = configuration
        self.buffer = buffer
        var logger = logger
        logger[metadataKey: "connection"] = "\(index)"
        logger[metadataKey: "route"] = "\(streamRoute)"
        self.logger = logger
        self.metrics = StreamMetrics(venue: venue.id, connection: index, factory: metrics)
        self.wanted = Mutex(Wanted(subscriptions: subscriptions))
    }

    /// How many subscriptions the connection holds or is asked to hold.
    var subscriptionCount: Int { wanted.withLock { $0.subscriptions.count } }

    /// The subscriptions the connection should hold.
    var subscriptions: [Subscription] { wanted.withLock { $0.subscriptions } }

    /// Adds subscriptions (those already held are ignored) and tells the live session and its successor.
    func add(_ subscriptions: [Subscription]) {
        let sessions = wanted.withLock { state -> [SessionContext] in
            for subscription in subscriptions where !state.subscriptions.contains(subscription) {
                state.subscriptions.append(subscription)
            }
            return [state.live, state.successor].compactMap { $0 }
        }
        for session in sessions { session.supervisor.yield(.wantedChanged) }
    }

    /// Removes subscriptions and tells the live session and its successor.
    func remove(_ subscriptions: [Subscription]) {
        let sessions = wanted.withLock { state -> [SessionContext] in
            state.subscriptions.removeAll { subscriptions.contains($0) }
            for subscription in subscriptions where subscription.isSynchronizedBook {
                if let symbol = subscription.symbol { state.booksOnceLive.remove(symbol) }
            }
            return [state.live, state.successor].compactMap { $0 }
        }
        for session in sessions { session.supervisor.yield(.wantedChanged) }
    }

    /// Runs connections until cancelled: one live session at a time, replaced after a drop (with
    /// backoff), or — before an endpoint's lifetime ends — by a successor dialled while it still runs.
    /// - Throws: ``ExchangeError`` (`.disconnected`) when the reconnect policy's attempts run out.
    func run() async throws {
        let (signals, sink) = AsyncStream.makeStream(of: RunnerSignal.self)
        wanted.withLock { $0.signals = sink }
        defer {
            wanted.withLock { $0.signals = nil }
            sink.finish()
        }
        var attempt = 0
        var random = SystemRandomNumberGenerator()
        var successorRunning = false
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { sink.yield(.ended(await self.runSession(successor: false))) }
            sessions: for await signal in signals {
                switch signal {
                case .dialSuccessor:
                    guard !successorRunning, let live = wanted.withLock({ $0.live }) else { continue }
                    successorRunning = true
                    // From now on the live session notes what it delivers, for the successor's join.
                    live.state.withLock { $0.delivered = [] }
                    logger.info("dialling a successor before the connection's lifetime ends")
                    group.addTask { sink.yield(.ended(await self.runSession(successor: true))) }
                case .ended(let outcome):
                    switch outcome.ending {
                    case .abandonedSuccessor:
                        successorRunning = false
                        wanted.withLock { $0.live }?.state.withLock { $0.delivered = nil }
                        logger.notice("the successor connection ended before taking over", metadata: ["reason": "\(outcome.reason)"])
                    case .replaced:
                        successorRunning = false
                        logger.info("connection rotated", metadata: ["epoch": "\(outcome.epoch)"])
                    case .dropped:
                        if Task.isCancelled { break sessions }
                        // A successor cannot join onto a connection that is gone: the reconnect resyncs instead.
                        wanted.withLock { $0.successor }?.end("the connection it was to replace ended: \(outcome.reason)")
                        emit(.disconnected(reason: outcome.reason), epoch: outcome.epoch)
                        logger.warning("stream connection ended", metadata: ["reason": "\(outcome.reason)", "epoch": "\(outcome.epoch)"])
                        attempt = outcome.wasStable ? 1 : attempt + 1
                        if let limit = configuration.reconnect.maximumAttempts, attempt > limit {
                            throw ExchangeError.disconnected(
                                "gave up after \(limit) reconnect attempt(s); last: \(outcome.reason)", venue: venue.id)
                        }
                        metrics.reconnects.increment()
                        let delay = configuration.reconnect.delay(forAttempt: attempt, using: &random)
                        logger.info("reconnecting", metadata: ["attempt": "\(attempt)", "delay": "\(delay)"])
                        do {
                            try await Task.sleep(for: delay)
                        } catch {
                            break sessions
                        }
                        group.addTask { sink.yield(.ended(await self.runSession(successor: false))) }
                    }
                }
            }
            group.cancelAll()
        }
    }

    /// Appends a lifecycle event for this connection.
    func emit(_ payload: StreamEvent.Payload, symbol: String? = nil, epoch: Int) {
        buffer.append(StreamEvent(venue: venue.id, symbol: symbol, receiveTime: Timestamp.now(), connection: index,
                                  epoch: epoch, payload: payload))
    }

    /// Queues a lifecycle event of a session: on the stream, or held with a successor's events.
    func emit(_ payload: StreamEvent.Payload, symbol: String? = nil, epoch: Int, session: SessionContext) {
        var events: Deque = [StreamEvent(venue: venue.id, symbol: symbol, receiveTime: Timestamp.now(), connection: index,
                                         epoch: epoch, payload: payload)]
        session.state.withLock { _ = deliver(&events, state: &$0) }
    }

    /// Queues a session's events: on the stream's buffer, or held while the session is a successor
    /// not yet in charge; a retired session's are dropped (its successor has them too).
    /// - Returns: whether the buffer is full, so the reader waits for space.
    func deliver(_ events: inout Deque<StreamEvent>, state: inout SessionState) -> Bool {
        if state.isRetired {
            events.removeAll(keepingCapacity: true)
            return false
        }
        if state.held != nil {
            if state.held!.count + events.count > configuration.buffer.capacity {
                state.heldOverflow = true
            } else {
                state.held!.append(contentsOf: events)
            }
            events.removeAll(keepingCapacity: true)
            return false
        }
        if state.afterHandover != nil {
            if ContinuousClock.now > state.afterHandover!.until {
                state.afterHandover = nil
            } else {
                state.afterHandover!.apply(to: &events)
            }
        }
        if state.delivered != nil {
            for event in events {
                if let fingerprint = event.overlapFingerprint { state.delivered!.insert(fingerprint) }
            }
            // Bounded like the successor's hold: a successor this slow is given up (the handover
            // finds nothing to join onto) and another is dialled later.
            if state.delivered!.count > 4 * configuration.buffer.capacity { state.delivered = nil }
        }
        return buffer.append(moving: &events)
    }

    /// Turns a synchroniser's outputs into events and snapshot requests. Call with the session's state lock held
    /// and queue the events before releasing it, so one book's events are queued in their order.
    func route(_ outputs: [BookSynchronizer.Output], symbol: String, epoch: Int, receiveTime: Timestamp,
               into events: inout Deque<StreamEvent>, requestSnapshot: (String) -> Void) {
        for output in outputs {
            guard let payload = output.payload else {
                requestSnapshot(symbol)
                continue
            }
            switch output {
            case .gap(let expected, let received):
                metrics.gaps.increment()
                logger.notice("book sequence gap; resynchronising", metadata: ["symbol": "\(symbol)", "expected": "\(expected)", "received": "\(received)"])
            case .crossed:
                logger.notice("crossed book; resynchronising", metadata: ["symbol": "\(symbol)"])
            default:
                break
            }
            let time: Timestamp? = if case .book(let update) = payload { update.timestamp } else { nil }
            events.append(StreamEvent(venue: venue.id, symbol: symbol, exchangeTime: time, receiveTime: receiveTime,
                                      connection: index, epoch: epoch, payload: payload))
        }
    }
}

/// What a session's supervisor is told.
enum SessionSignal: Sendable {
    /// A request left the outbound queue (its ack timeout starts).
    case sent(id: String)
    case welcome
    case pong
    case ack(id: String)
    case requestFailed(id: String?, code: String?, message: String)
    case reconnect(reason: String)
    case wantedChanged
    case tick
}

/// A text frame waiting for the outbound rate guard, and the request id whose ack it asks for.
struct OutboundText: Sendable {
    var text: String
    var requestID: String?
}

/// What a runner's sessions tell its ``FeedRunner/run()`` loop.
enum RunnerSignal: Sendable {
    /// The live session nears its endpoint's lifetime: dial its successor.
    case dialSuccessor
    case ended(SessionOutcome)
}

/// How one connection ended.
struct SessionOutcome: Sendable {
    /// What the session was when it ended.
    enum Ending: Sendable {
        /// The live session ended: a reconnect follows.
        case dropped
        /// The live session handed over to its successor: nothing to do.
        case replaced
        /// A successor ended before taking over: the live session goes on.
        case abandonedSuccessor
    }

    var reason: String
    var epoch: Int
    /// Whether it stayed healthy long enough to reset the backoff.
    var wasStable: Bool
    var ending: Ending = .dropped
}
