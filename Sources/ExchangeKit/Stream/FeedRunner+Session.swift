import DequeModule
import Logging
import NIOCore
import NIOSSL
import Synchronization

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
    /// Whether the session was dialled to replace the live one (it holds its events until it takes over).
    let isSuccessor: Bool
    /// The books and event routing, shared by the read loop, the snapshot task and the supervisor.
    let state: Mutex<SessionState>

    init(endpoint: StreamEndpoint, limits: StreamLimits, isSuccessor: Bool, supervisor: AsyncStream<SessionSignal>.Continuation,
         kill: AsyncStream<String>.Continuation, snapshotRequests: AsyncStream<String>.Continuation,
         outbound: AsyncStream<OutboundText>.Continuation) {
        self.endpoint = endpoint
        self.isSuccessor = isSuccessor
        self.state = Mutex(SessionState(held: isSuccessor ? [] : nil))
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

/// What a session's read loop, snapshot task and supervisor share, under one lock: holding it
/// across a read keeps a snapshot (or a handover) from landing among the read's book events.
///
/// Lock order: a live session's state, then its successor's, then the runner's `wanted`; never the reverse.
struct SessionState {
    /// One synchroniser per fully synchronised book on this connection.
    var books: [String: BookSynchronizer] = [:]
    /// The last full position per symbol, for merging partial updates (``PositionPatch``).
    var positions: [String: Position] = [:]
    /// A successor's events, held until it takes over; nil while the session delivers to the stream.
    var held: Deque<StreamEvent>?
    /// Whether a successor's held events outgrew the stream's buffer capacity (it is given up).
    var heldOverflow = false
    /// While a successor gets ready, fingerprints of the data events this live session delivered.
    var delivered: Set<Int>?
    /// For a while after a successor took over: the repeats of what the old connection delivered.
    var afterHandover: HandoverFilter?
    /// Set when the successor took over: what this session reads now, the successor has too.
    var isRetired = false
    /// Whether the read loop runs (set as it starts, cleared as it ends), so a handover never joins
    /// onto a session that is not reading.
    var isReading = false
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
    /// - Parameter successor: whether the session is dialled to replace the live one before its lifetime ends.
    func runSession(successor: Bool) async -> SessionOutcome {
        let lastEpoch = wanted.withLock { $0.epoch }
        let endpoint: StreamEndpoint
        do {
            endpoint = try await venue.endpoint(route: streamRoute)
        } catch {
            return SessionOutcome(reason: "could not get a connection endpoint: \(Self.describe(error))", epoch: lastEpoch, wasStable: false,
                                  ending: successor ? .abandonedSuccessor : .dropped)
        }
        let (signals, supervisorContinuation) = AsyncStream.makeStream(of: SessionSignal.self)
        let (killSignal, kill) = AsyncStream.makeStream(of: String.self)
        let (snapshotRequests, snapshotContinuation) = AsyncStream.makeStream(of: String.self)
        let (outboundTexts, outboundContinuation) = AsyncStream.makeStream(of: OutboundText.self)
        let session = SessionContext(endpoint: endpoint, limits: venue.limits, isSuccessor: successor, supervisor: supervisorContinuation,
                                     kill: kill, snapshotRequests: snapshotContinuation, outbound: outboundContinuation)
        session.touch()
        wanted.withLock { state in
            if successor { state.successor = session } else { state.live = session }
        }
        defer {
            supervisorContinuation.finish()
            snapshotContinuation.finish()
            outboundContinuation.finish()
            kill.finish()
        }

        let reason = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    return try await WebSocketTransport.withConnection(
                        url: endpoint.url, headers: endpoint.headers, connectTimeout: self.configuration.connectTimeout,
                        additionalTrustRoots: self.configuration.additionalTrustRoots
                    ) { connection, reads in
                        try await self.serve(reads: &reads, connection: connection, session: session, signals: signals,
                                             snapshotRequests: snapshotRequests, outboundTexts: outboundTexts)
                    }
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
                // A server can accept TCP and never answer the upgrade; a session that has not
                // opened by now is abandoned and dialled again.
                try? await Task.sleep(for: self.configuration.connectTimeout)
                if Task.isCancelled || session.isOpen.load(ordering: .relaxed) { return nil }
                return "no WebSocket session within \(self.configuration.connectTimeout)"
            }
            var first: String?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? "cancelled"
        }
        let ending = wanted.withLock { state -> SessionOutcome.Ending in
            if state.live === session {
                state.live = nil
                return .dropped
            }
            if state.successor === session {
                state.successor = nil
                return .abandonedSuccessor
            }
            return .replaced
        }
        return SessionOutcome(reason: reason, epoch: max(session.epoch.load(ordering: .relaxed), lastEpoch),
                              wasStable: session.isStable.load(ordering: .relaxed), ending: ending)
    }

    /// Runs the connection's tasks: reading in this task; writing, supervising, snapshots and the clock beside it.
    /// - Returns: why the connection ended.
    private func serve(reads: inout WebSocketReads, connection: WebSocketConnection, session: SessionContext,
                       signals: AsyncStream<SessionSignal>, snapshotRequests: AsyncStream<String>,
                       outboundTexts: AsyncStream<OutboundText>) async throws -> String {
        session.isOpen.store(true, ordering: .relaxed)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.writeLoop(outboundTexts, connection: connection, session: session) }
            group.addTask {
                do {
                    try await self.supervise(signals: signals, session: session, connection: connection)
                } catch let end as SessionEnd {
                    session.end(end.reason)
                } catch is CancellationError {
                } catch where error is ChannelError || error is NIOAsyncWriterError {
                    // The socket closed under a write: the read loop says why (the venue's close frame,
                    // a reset), unless it has not ended within the close timeout.
                    try? await Task.sleep(for: self.configuration.closeTimeout)
                    if !Task.isCancelled { session.end("write failed: \(Self.describe(error))") }
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
            defer { group.cancelAll() }
            return try await withTaskExecutorPreference(ReadLoopExecutor.next()) {
                try await readLoop(&reads, connection: connection, session: session)
            }
        }
    }

    /// Sends queued subscription messages within the venue's outbound rate.
    private func writeLoop(_ texts: AsyncStream<OutboundText>, connection: WebSocketConnection, session: SessionContext) async throws {
        for await item in texts {
            try await send(item.text, isHeartbeat: false, connection: connection, session: session)
            // The ack clock starts now: a request may have waited its turn behind the rate guard.
            if let id = item.requestID { session.supervisor.yield(.sent(id: id)) }
        }
    }

    /// Waits for the outbound guard, then writes one text frame (or, with a nil text, a WebSocket ping).
    func send(_ text: String?, isHeartbeat: Bool, connection: WebSocketConnection, session: SessionContext) async throws {
        while true {
            let now = ContinuousClock.now
            guard let until = session.outboundGuard.withLock({ $0.reserve(now: now, isHeartbeat: isHeartbeat) }) else { break }
            metrics.outboundWait.recordNanoseconds((until - now).nanoseconds)
            logger.debug("outbound rate limit: waiting", metadata: ["wait": "\(until - now)"])
            try await Task.sleep(until: until, clock: .continuous)
        }
        if let text {
            try await connection.send(text: text)
        } else {
            try await connection.ping()
        }
    }

    /// A control frame seen in a read, answered once the read's events are queued.
    private enum Control {
        case ping([UInt8])
        case close(code: UInt16?, reason: String)
    }

    /// Stops a read at a close frame.
    private struct CloseReceived: Error {}

    /// Reads the socket, a whole read at a time: walks its frames in place, decodes them and routes
    /// what they say, then queues the read's events under one lock.
    /// - Returns: why the connection ended (the server closed it).
    private func readLoop(_ reads: inout WebSocketReads, connection: WebSocketConnection, session: SessionContext) async throws -> String {
        var reader = WebSocketFrameReader(maximumFrameSize: configuration.maximumFrameSize)
        var messages: [StreamMessage] = []
        messages.reserveCapacity(8)
        var events = Deque<StreamEvent>()
        events.reserveCapacity(256)
        // A book delta's synchroniser outputs, reused from delta to delta.
        var outputs: [BookSynchronizer.Output] = []
        outputs.reserveCapacity(4)
        var frameCount = 0
        var reported = 0
        // A successor merges position patches into the positions the live session knows: it
        // sees the same stream from here on, and its own patches are then merged as the live one's.
        let seed = session.isSuccessor ? wanted.withLock({ $0.live })?.state.withLock { $0.positions } : nil
        session.state.withLock { state in
            state.isReading = true
            if let seed { state.positions.merge(seed) { own, _ in own } }
        }
        defer {
            metrics.frames.increment(by: Int64(frameCount - reported))
            session.state.withLock { $0.isReading = false }
        }
        while let chunk = try await reads.next() {
            // One clock read per socket read: every frame in it arrived at the same moment.
            session.touch()
            let receiveTime = Timestamp.now()
            let epoch = session.epoch.load(ordering: .relaxed)
            var controls: [Control] = []
            var failure: (any Error)?
            // The state lock is held across the read and the append, so a snapshot applied by the
            // snapshot task lands either before or after this read's book events, never among them.
            let full = session.state.withLock { state -> Bool in
                do {
                    try reader.read(chunk) { opcode, payload in
                        switch opcode {
                        case .text, .binary:
                            frameCount += 1
                            if opcode == .text {
                                venue.decode(text: payload, into: &messages)
                            } else {
                                venue.decode(binary: payload, into: &messages)
                            }
                            route(&messages, into: &events, books: &state.books, positions: &state.positions, outputs: &outputs,
                                  epoch: epoch, receiveTime: receiveTime, session: session)
                        case .ping:
                            controls.append(.ping([UInt8](payload)))
                        case .close:
                            let (code, reason) = WebSocketWire.readClose(payload)
                            controls.append(.close(code: code, reason: reason))
                            throw CloseReceived()
                        case .pong, .continuation:
                            break
                        }
                    }
                } catch {
                    failure = error
                }
                let count = events.count
                defer { events.reserveCapacity(max(64, count)) }
                return deliver(&events, state: &state)
            }
            if frameCount - reported >= 4096 {
                metrics.frames.increment(by: Int64(frameCount - reported))
                reported = frameCount
            }
            for control in controls {
                switch control {
                case .ping(let payload):
                    try await connection.pong(payload)
                case .close(let code, let reason):
                    await answerClose(code: code, connection: connection)
                    return "closed by the venue: \(code.map { String($0) } ?? "no status")\(reason.isEmpty ? "" : " \(reason)")"
                }
            }
            if let failure, !(failure is CloseReceived) {
                throw SessionEnd(reason: "protocol error: \(Self.describe(failure))")
            }
            // Book events are appended under the state lock; ask the buffer once whether it is full.
            if full || buffer.mayNeedWait { await buffer.waitForSpace() }
        }
        return "closed"
    }

    /// Echoes the venue's close frame, within the close timeout, before the socket is closed.
    private func answerClose(code: UInt16?, connection: WebSocketConnection) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await connection.close(code: code ?? 1000, reason: "") }
            group.addTask { try? await Task.sleep(for: self.configuration.closeTimeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Turns one frame's messages into events (book deltas through their synchronisers) and signals.
    private func route(_ messages: inout [StreamMessage], into events: inout Deque<StreamEvent>, books: inout [String: BookSynchronizer],
                       positions: inout [String: Position], outputs: inout [BookSynchronizer.Output],
                       epoch: Int, receiveTime: Timestamp, session: SessionContext) {
        defer { messages.removeAll(keepingCapacity: true) }
        for slot in messages.indices {
            switch messages[slot] {
            case .event(let symbol, let time, let payload):
                switch payload {
                case .decodeFailure: metrics.decodeFailures.increment()
                case .position(let position): positions[position.symbol] = position
                default: break
                }
                events.append(StreamEvent(venue: venue.id, symbol: symbol, exchangeTime: time, receiveTime: receiveTime,
                                          connection: index, epoch: epoch, payload: payload))
            case .bookDelta(let delta):
                receive(delta, books: &books, into: &events, outputs: &outputs, epoch: epoch, receiveTime: receiveTime, session: session)
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
    }

    /// Feeds a delta to its book's synchroniser and adds what follows to `events`.
    private func receive(_ delta: BookDelta, books: inout [String: BookSynchronizer], into events: inout Deque<StreamEvent>,
                         outputs: inout [BookSynchronizer.Output], epoch: Int, receiveTime: Timestamp, session: SessionContext) {
        // Taken out of the dictionary while it changes: a copy left behind would make the first
        // write copy the whole book (measured: 948 → 343 ns per delta on a 1,000-level book).
        guard var synchronizer = books.removeValue(forKey: delta.symbol) else {
            events.append(StreamEvent(venue: venue.id, symbol: delta.symbol, exchangeTime: delta.timestamp, receiveTime: receiveTime,
                                      connection: index, epoch: epoch,
                                      payload: .unhandled(topic: "book delta", subject: "no synchronised book subscription for \(delta.symbol)")))
            return
        }
        outputs.removeAll(keepingCapacity: true)
        synchronizer.receive(delta, into: &outputs)
        books[delta.symbol] = synchronizer
        route(outputs, symbol: delta.symbol, epoch: epoch, receiveTime: receiveTime, into: &events) { session.snapshotRequests.yield($0) }
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
                let again = session.state.withLock { state -> Bool in
                    guard var synchronizer = state.books.removeValue(forKey: symbol) else { return false }
                    if synchronizer.isSynchronized {
                        state.books[symbol] = synchronizer
                        return false
                    }
                    var outputs: [BookSynchronizer.Output] = []
                    var events = Deque<StreamEvent>()
                    let epoch = session.epoch.load(ordering: .relaxed)
                    do {
                        try synchronizer.apply(snapshot: snapshot, into: &outputs)
                    } catch {
                        outputs = [.needSnapshot]
                        events.append(StreamEvent(venue: venue.id, symbol: symbol, receiveTime: Timestamp.now(), connection: index, epoch: epoch,
                                                  payload: .decodeFailure(error: "book snapshot: \(Self.describe(error))", excerpt: "")))
                    }
                    state.books[symbol] = synchronizer
                    if synchronizer.isSynchronized { wanted.withLock { _ = $0.booksOnceLive.insert(symbol) } }
                    var again = false
                    route(outputs, symbol: symbol, epoch: epoch, receiveTime: Timestamp.now(), into: &events) { _ in again = true }
                    _ = deliver(&events, state: &state)
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
        // A TLS failure mid-stream: BoringSSL's reason, not its error stack with source paths.
        if let error = error as? NIOSSLError { return "TLS failed: \(WebSocketTransport.describeTLS(error))" }
        return String(describing: error)
    }

}
