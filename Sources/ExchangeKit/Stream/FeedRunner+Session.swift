import HTTPTypes
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import WSClient

/// The shared state of one live connection, read by its tasks.
final class SessionContext: Sendable {
    let reference = ContinuousClock.now
    let endpoint: StreamEndpoint
    /// Nanoseconds after `reference` of the last inbound frame.
    let lastInbound = Atomic<Int64>(0)
    /// The connection's epoch, set once the handshake is done (0 before).
    let epoch = Atomic<Int>(0)
    /// Whether the connection stayed healthy for the reconnect policy's `stableAfter`.
    let isStable = Atomic<Bool>(false)
    /// Whether the WebSocket handshake finished and the session's tasks run.
    let isOpen = Atomic<Bool>(false)
    let supervisor: AsyncStream<SessionSignal>.Continuation
    let kill: AsyncStream<String>.Continuation
    let snapshotRequests: AsyncStream<String>.Continuation
    let outbound: AsyncStream<OutboundText>.Continuation
    /// The connection's outbound rate guard, shared by the writer and the heartbeat.
    let outboundGuard: Mutex<OutboundGuard>

    init(endpoint: StreamEndpoint, limits: StreamLimits, supervisor: AsyncStream<SessionSignal>.Continuation,
         kill: AsyncStream<String>.Continuation, snapshotRequests: AsyncStream<String>.Continuation,
         outbound: AsyncStream<OutboundText>.Continuation) {
        self.endpoint = endpoint
        self.supervisor = supervisor
        self.kill = kill
        self.snapshotRequests = snapshotRequests
        self.outbound = outbound
        self.outboundGuard = Mutex(OutboundGuard(limit: limits.outboundMessages, window: limits.outboundWindow,
                                                 reservedForHeartbeat: limits.reservedForHeartbeat))
    }

    func touch() {
        lastInbound.store((ContinuousClock.now - reference).nanoseconds, ordering: .relaxed)
    }

    /// How long since the last inbound frame.
    func silence(now: ContinuousClock.Instant) -> Duration {
        (now - reference) - .nanoseconds(lastInbound.load(ordering: .relaxed))
    }

    /// Ends the session at once (the socket is closed without waiting for the venue).
    func end(_ reason: String) {
        kill.yield(reason)
    }
}

/// The book snapshots being fetched: symbol → whether another request arrived meanwhile.
final class SnapshotFetches: Sendable {
    let running = Mutex([String: Bool]())
}

/// Thrown inside a session to end it; the runner reconnects.
struct SessionEnd: Error {
    var reason: String
}

extension FeedRunner {
    /// Dials once and serves the connection until it ends.
    func runSession() async -> SessionOutcome {
        let lastEpoch = wanted.withLock { $0.epoch }
        let endpoint: StreamEndpoint
        do {
            endpoint = try await venue.endpoint(route: streamRoute)
        } catch {
            return SessionOutcome(reason: "could not get a connection endpoint: \(Self.describe(error))", epoch: lastEpoch, wasStable: false)
        }
        let (signals, supervisorContinuation) = AsyncStream.makeStream(of: SessionSignal.self)
        let (killSignal, kill) = AsyncStream.makeStream(of: String.self)
        let (snapshotRequests, snapshotContinuation) = AsyncStream.makeStream(of: String.self)
        let (outboundTexts, outboundContinuation) = AsyncStream.makeStream(of: OutboundText.self)
        let session = SessionContext(endpoint: endpoint, limits: venue.limits, supervisor: supervisorContinuation, kill: kill,
                                     snapshotRequests: snapshotContinuation, outbound: outboundContinuation)
        session.touch()
        wanted.withLock { $0.supervisor = supervisorContinuation }
        defer {
            wanted.withLock { $0.supervisor = nil }
            supervisorContinuation.finish()
            snapshotContinuation.finish()
            outboundContinuation.finish()
            kill.finish()
        }

        var webSocket = WebSocketClientConfiguration(
            maxFrameSize: configuration.maximumFrameSize, closeTimeout: configuration.closeTimeout, validateUTF8: false)
        for (name, value) in endpoint.headers {
            if let fieldName = HTTPField.Name(name) { webSocket.additionalHeaders.append(HTTPField(name: fieldName, value: value)) }
        }
        let configuration = webSocket
        let reason = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                let client = WebSocketClient(url: endpoint.url, configuration: configuration, logger: self.logger) { inbound, outbound, _ in
                    try await self.serve(inbound: inbound, outbound: outbound, session: session, signals: signals,
                                         snapshotRequests: snapshotRequests, outboundTexts: outboundTexts)
                }
                do {
                    if let close = try await client.run() {
                        return "closed by the venue: \(Self.describe(close.closeCode))\(close.reason.map { " \($0)" } ?? "")"
                    }
                    return "closed"
                } catch let end as SessionEnd {
                    return end.reason
                } catch {
                    return "connection failed: \(Self.describe(error))"
                }
            }
            group.addTask {
                for await reason in killSignal { return reason }
                return nil
            }
            group.addTask {
                // WSClient can wait forever when a server closes TCP right after the upgrade response;
                // a session that has not opened by now is abandoned and dialled again.
                try? await Task.sleep(for: self.configuration.connectTimeout)
                if Task.isCancelled || session.isOpen.load(ordering: .relaxed) { return nil }
                return "no WebSocket session within \(self.configuration.connectTimeout)"
            }
            var first: String?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? "cancelled"
        }
        return SessionOutcome(reason: reason, epoch: max(session.epoch.load(ordering: .relaxed), lastEpoch),
                              wasStable: session.isStable.load(ordering: .relaxed))
    }

    /// Runs the connection's tasks: reading in this task; writing, supervising, snapshots and the clock beside it.
    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, session: SessionContext,
                       signals: AsyncStream<SessionSignal>, snapshotRequests: AsyncStream<String>,
                       outboundTexts: AsyncStream<OutboundText>) async throws {
        session.isOpen.store(true, ordering: .relaxed)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.writeLoop(outboundTexts, outbound: outbound, session: session) }
            group.addTask {
                do {
                    try await self.supervise(signals: signals, session: session, outbound: outbound)
                } catch let end as SessionEnd {
                    session.end(end.reason)
                } catch is CancellationError {
                } catch {
                    session.end("supervisor failed: \(Self.describe(error))")
                }
            }
            group.addTask { await self.snapshotLoop(snapshotRequests, session: session) }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: self.configuration.tick)
                    session.supervisor.yield(.tick)
                }
            }
            do {
                try await readLoop(inbound, session: session)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    /// Sends queued subscription messages within the venue's outbound rate.
    private func writeLoop(_ texts: AsyncStream<OutboundText>, outbound: WebSocketOutboundWriter, session: SessionContext) async throws {
        for await item in texts {
            try await send(item.text, isHeartbeat: false, outbound: outbound, session: session)
            // The ack clock starts now: a request may have waited its turn behind the rate guard.
            if let id = item.requestID { session.supervisor.yield(.sent(id: id)) }
        }
    }

    /// Waits for the outbound guard, then writes one text frame.
    func send(_ text: String, isHeartbeat: Bool, outbound: WebSocketOutboundWriter, session: SessionContext) async throws {
        while true {
            let now = ContinuousClock.now
            guard let until = session.outboundGuard.withLock({ $0.reserve(now: now, isHeartbeat: isHeartbeat) }) else { break }
            metrics.outboundWait.recordNanoseconds((until - now).nanoseconds)
            logger.debug("outbound rate limit: waiting", metadata: ["wait": "\(until - now)"])
            try await Task.sleep(until: until, clock: .continuous)
        }
        try await outbound.write(.text(text))
    }

    /// Reads frames, decodes them and routes what they say.
    private func readLoop(_ inbound: WebSocketInboundStream, session: SessionContext) async throws {
        var messages: [StreamMessage] = []
        messages.reserveCapacity(8)
        var events: [StreamEvent] = []
        events.reserveCapacity(8)
        // The last full position per symbol, for merging partial updates (this connection's own).
        var positions: [String: Position] = [:]
        var fragments: ByteBuffer?
        var fragmentIsText = true
        var frameCount = 0
        defer { metrics.frames.increment(by: Int64(frameCount)) }
        var iterator = inbound.makeAsyncIterator()
        while let frame = try await iterator.next() {
            session.touch()
            frameCount += 1
            if frameCount & 0xFFF == 0 {
                metrics.frames.increment(by: Int64(frameCount))
                frameCount = 0
            }
            var data = frame.data
            var isText: Bool
            switch frame.opcode {
            case .text, .binary:
                isText = frame.opcode == .text
                if !frame.fin {
                    fragments = data
                    fragmentIsText = isText
                    continue
                }
            case .continuation:
                guard var pending = fragments else { continue }
                var piece = data
                pending.writeBuffer(&piece)
                if pending.readableBytes > configuration.maximumFrameSize {
                    fragments = nil
                    throw SessionEnd(reason: "fragmented message larger than \(configuration.maximumFrameSize) bytes")
                }
                guard frame.fin else {
                    fragments = pending
                    continue
                }
                data = pending
                isText = fragmentIsText
                fragments = nil
            }
            let receiveTime = Timestamp.now()
            messages.removeAll(keepingCapacity: true)
            data.withUnsafeReadableBytes { bytes in
                if isText {
                    venue.decode(text: bytes, into: &messages)
                } else {
                    venue.decode(binary: bytes, into: &messages)
                }
            }
            let epoch = session.epoch.load(ordering: .relaxed)
            for message in messages {
                switch message {
                case .event(let symbol, let time, let payload):
                    switch payload {
                    case .decodeFailure: metrics.decodeFailures.increment()
                    case .position(let position): positions[position.symbol] = position
                    default: break
                    }
                    events.append(StreamEvent(venue: venue.id, symbol: symbol, exchangeTime: time, receiveTime: receiveTime,
                                              connection: index, epoch: epoch, payload: payload))
                case .bookDelta(let delta):
                    // Keep order: what this frame produced before the delta goes first.
                    buffer.append(contentsOf: events)
                    events.removeAll(keepingCapacity: true)
                    receive(delta, epoch: epoch, receiveTime: receiveTime, session: session)
                case .positionPatch(let patch):
                    let payload = patch.payload(mergingInto: &positions)
                    events.append(StreamEvent(venue: venue.id, symbol: patch.symbol, exchangeTime: patch.timestamp, receiveTime: receiveTime,
                                              connection: index, epoch: epoch, payload: payload))
                case .welcome:
                    session.supervisor.yield(.welcome)
                case .pong:
                    session.supervisor.yield(.pong)
                case .ack(let id):
                    session.supervisor.yield(.ack(id: id))
                case .requestFailed(let id, let code, let message):
                    session.supervisor.yield(.requestFailed(id: id, code: code, message: message))
                case .reconnect(let reason):
                    session.supervisor.yield(.reconnect(reason: reason))
                }
            }
            var full = false
            if !events.isEmpty {
                full = buffer.append(contentsOf: events)
                events.removeAll(keepingCapacity: true)
            }
            // Book events are appended under the books lock; ask the buffer once whether it is full.
            if full || buffer.mayNeedWait { await buffer.waitForSpace() }
        }
    }

    /// Feeds a delta to its book's synchroniser and emits what follows.
    private func receive(_ delta: BookDelta, epoch: Int, receiveTime: Timestamp, session: SessionContext) {
        books.withLock { books in
            // Taken out of the dictionary while it changes: a copy left behind would make the first
            // write copy the whole book (measured: 948 → 343 ns per delta on a 1,000-level book).
            guard var synchronizer = books.removeValue(forKey: delta.symbol) else {
                buffer.append(StreamEvent(venue: venue.id, symbol: delta.symbol, exchangeTime: delta.timestamp, receiveTime: receiveTime,
                                          connection: index, epoch: epoch,
                                          payload: .unhandled(topic: "book delta", subject: "no synchronised book subscription for \(delta.symbol)")))
                return
            }
            var outputs: [BookSynchronizer.Output] = []
            synchronizer.receive(delta, into: &outputs)
            books[delta.symbol] = synchronizer
            route(outputs, symbol: delta.symbol, epoch: epoch, receiveTime: receiveTime) { session.snapshotRequests.yield($0) }
        }
    }

    /// Fetches requested book snapshots, one task per symbol at a time, retrying until applied.
    private func snapshotLoop(_ requests: AsyncStream<String>, session: SessionContext) async {
        // symbol → whether another request came while a fetch was running.
        let inFlight = SnapshotFetches()
        await withTaskGroup(of: Void.self) { group in
            for await symbol in requests {
                let start = inFlight.running.withLock { running -> Bool in
                    if running[symbol] != nil {
                        running[symbol] = true
                        return false
                    }
                    running[symbol] = false
                    return true
                }
                guard start else { continue }
                group.addTask {
                    repeat {
                        await self.synchronize(symbol, session: session)
                    } while !Task.isCancelled && inFlight.running.withLock { running -> Bool in
                        // A request that arrived during the fetch may concern a later gap: fetch again.
                        if running[symbol] == true {
                            running[symbol] = false
                            return true
                        }
                        running[symbol] = nil
                        return false
                    }
                }
            }
            group.cancelAll()
        }
    }

    private func synchronize(_ symbol: String, session: SessionContext) async {
        while !Task.isCancelled {
            do {
                let snapshot = try await venue.bookSnapshot(symbol: symbol)
                metrics.snapshots.increment()
                let again = books.withLock { books -> Bool in
                    guard var synchronizer = books.removeValue(forKey: symbol) else { return false }
                    if synchronizer.isSynchronized {
                        books[symbol] = synchronizer
                        return false
                    }
                    var outputs: [BookSynchronizer.Output] = []
                    do {
                        try synchronizer.apply(snapshot: snapshot, into: &outputs)
                    } catch {
                        outputs = [.needSnapshot]
                        emit(.decodeFailure(error: "book snapshot: \(Self.describe(error))", excerpt: ""), symbol: symbol,
                             epoch: session.epoch.load(ordering: .relaxed))
                    }
                    books[symbol] = synchronizer
                    var again = false
                    route(outputs, symbol: symbol, epoch: session.epoch.load(ordering: .relaxed), receiveTime: Timestamp.now()) { _ in again = true }
                    return again
                }
                if !again { return }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("book snapshot failed; retrying", metadata: ["symbol": "\(symbol)", "error": "\(Self.describe(error))"])
            }
            try? await Task.sleep(for: configuration.snapshotRetryDelay)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? ExchangeError { return error.description }
        return String(describing: error)
    }

    static func describe(_ code: WebSocketErrorCode) -> String {
        switch code {
        case .normalClosure: "1000"
        case .goingAway: "1001"
        case .protocolError: "1002"
        case .unacceptableData: "1003"
        case .dataInconsistentWithMessage: "1007"
        case .policyViolation: "1008"
        case .messageTooLarge: "1009"
        case .missingExtension: "1010"
        case .unexpectedServerError: "1011"
        case .unknown(let value): String(value)
        }
    }
}
