import DequeModule
import Logging
import Metrics
import Synchronization

/// Keeps one WebSocket connection's subscriptions alive: dial, handshake,
/// subscribe, heartbeat, and on any drop back off and do it all again.
///
/// A runner owns the subscriptions assigned to its connection (``FeedStream``
/// shards them) and the books synchronised over it. Its ``run()`` returns only
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
        /// The current session's supervisor, to tell it the wanted set changed.
        var supervisor: AsyncStream<SessionSignal>.Continuation?
        /// The epoch of the current (or last) connection.
        var epoch = 0
    }

    let wanted: Mutex<Wanted>
    /// One synchroniser per fully synchronised book on this connection.
    let books: Mutex<[String: BookSynchronizer]>

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
        self.books = Mutex([:])
    }

    /// How many subscriptions the connection holds or is asked to hold.
    var subscriptionCount: Int { wanted.withLock { $0.subscriptions.count } }

    /// The subscriptions the connection should hold.
    var subscriptions: [Subscription] { wanted.withLock { $0.subscriptions } }

    /// Adds subscriptions (those already held are ignored) and tells the live session.
    func add(_ subscriptions: [Subscription]) {
        let supervisor = wanted.withLock { state -> AsyncStream<SessionSignal>.Continuation? in
            for subscription in subscriptions where !state.subscriptions.contains(subscription) {
                state.subscriptions.append(subscription)
            }
            return state.supervisor
        }
        supervisor?.yield(.wantedChanged)
    }

    /// Removes subscriptions and tells the live session.
    func remove(_ subscriptions: [Subscription]) {
        let supervisor = wanted.withLock { state -> AsyncStream<SessionSignal>.Continuation? in
            state.subscriptions.removeAll { subscriptions.contains($0) }
            return state.supervisor
        }
        supervisor?.yield(.wantedChanged)
    }

    /// Runs connections until cancelled.
    /// - Throws: ``ExchangeError`` (`.disconnected`) when the reconnect policy's attempts run out.
    func run() async throws {
        var attempt = 0
        var random = SystemRandomNumberGenerator()
        while !Task.isCancelled {
            let outcome = await runSession()
            if Task.isCancelled { break }
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
                break
            }
        }
    }

    /// Appends a lifecycle event for this connection.
    func emit(_ payload: StreamEvent.Payload, symbol: String? = nil, epoch: Int) {
        buffer.append(StreamEvent(venue: venue.id, symbol: symbol, receiveTime: Timestamp.now(), connection: index,
                                  epoch: epoch, payload: payload))
    }

    /// Turns a synchroniser's outputs into events and snapshot requests. Call with the books lock held
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

/// How one connection ended.
struct SessionOutcome: Sendable {
    var reason: String
    var epoch: Int
    /// Whether it stayed healthy long enough to reset the backoff.
    var wasStable: Bool
}
