import NIOCore

/// One accepted WebSocket connection of ``ScriptedWebSocketServer``, as its script sees it:
/// send frames or raw bytes, inject faults, and read or wait for what the client sent.
///
/// Sends may be called from any task; each returns once its bytes were written and flushed to
/// the socket. Pings from the client are answered with pongs and a close frame from the client
/// with a close frame, automatically, until ``goSilent()``.
public final class ScriptedWebSocketConnection: Sendable {
    /// 1, 2, ... in accept order.
    public let id: Int
    /// The upgrade request that opened this connection.
    public let request: UpgradeRequest

    private let channel: any Channel
    private let state = WaitableState(State())

    struct State: Sendable {
        var received: [ReceivedFrame] = []
        var texts: [String] = []
        /// How many of ``texts`` ``nextText(timeout:)`` has returned.
        var textCursor = 0
        var isSilent = false
        var isAborted = false
        var closeSent = false
        var closeFrameReceived = false
        var closeCodeFromClient: UInt16?
        var isTCPClosed = false
    }

    init(id: Int, request: UpgradeRequest, channel: any Channel) {
        self.id = id
        self.request = request
        self.channel = channel
    }

    // MARK: Sending

    /// Sends one text frame.
    ///
    /// Throws ``ScriptedWebSocketError/connectionClosed(during:received:)`` once the TCP
    /// connection is closed or aborted; after ``goSilent()`` nothing is sent and this returns at once.
    public func send(text: String) async throws {
        try await write(action: "send(text:)", capacity: WebSocketFrameBytes.frameLength(payloadLength: text.utf8.count)) {
            WebSocketFrameBytes.write(opcode: WebSocketFrameBytes.Opcode.text, payload: text.utf8, into: &$0)
        }
    }

    /// Sends one text frame whose text is made on the connection's event loop right before the
    /// write, so a time stamped into it is the moment of writing (a latency benchmark's clock,
    /// without the hop from the calling task to the event loop). Throws like ``send(text:)``.
    public func send(textMadeAtWrite make: @escaping @Sendable () -> String) async throws {
        let (isSilent, isGone) = state.read { ($0.isSilent, $0.isTCPClosed || $0.isAborted) }
        if isGone { throw Self.closedError(during: "send(textMadeAtWrite:) on connection \(id)", state.read { $0 }) }
        if isSilent { return }
        let channel = self.channel
        try await channel.eventLoop.flatSubmit {
            let text = make()
            var buffer = channel.allocator.buffer(capacity: WebSocketFrameBytes.frameLength(payloadLength: text.utf8.count))
            WebSocketFrameBytes.write(opcode: WebSocketFrameBytes.Opcode.text, payload: text.utf8, into: &buffer)
            return channel.writeAndFlush(buffer)
        }.get()
    }

    /// Sends one binary frame. Throws like ``send(text:)``.
    public func send(binary: [UInt8]) async throws {
        try await write(action: "send(binary:)", capacity: WebSocketFrameBytes.frameLength(payloadLength: binary.count)) {
            WebSocketFrameBytes.write(opcode: WebSocketFrameBytes.Opcode.binary, payload: binary, into: &$0)
        }
    }

    /// Sends one text frame per element, all in ONE write and flush, for load generation (one
    /// write per frame caps near 155k frames/s). Throws like ``send(text:)``.
    public func sendBatch(_ texts: [String]) async throws {
        let capacity = texts.reduce(0) { $0 + WebSocketFrameBytes.frameLength(payloadLength: $1.utf8.count) }
        try await write(action: "sendBatch(_:)", capacity: capacity) { buffer in
            for text in texts {
                WebSocketFrameBytes.write(opcode: WebSocketFrameBytes.Opcode.text, payload: text.utf8, into: &buffer)
            }
        }
    }

    /// Writes `bytes` as they are, in one write and flush: pre-framed data (see
    /// ``frame(text:)``), partial frames or malformed ones. Throws like ``send(text:)``.
    public func sendRaw(_ bytes: [UInt8]) async throws {
        try await write(action: "sendRaw(_:)", capacity: bytes.count) { $0.writeBytes(bytes) }
    }

    /// Sends a ping; the client's pong shows up in ``received`` (see ``waitForFrames(_:kind:timeout:)``).
    ///
    /// A payload over 125 bytes is sent as is, which a conforming client treats as a protocol
    /// error. Throws like ``send(text:)``.
    public func sendPing(_ payload: [UInt8] = []) async throws {
        try await write(action: "sendPing(_:)", capacity: WebSocketFrameBytes.frameLength(payloadLength: payload.count)) {
            WebSocketFrameBytes.write(opcode: WebSocketFrameBytes.Opcode.ping, payload: payload, into: &$0)
        }
    }

    /// An unmasked server text frame, for ``sendRaw(_:)`` and prebuilt batches.
    public static func frame(text: String) -> [UInt8] {
        WebSocketFrameBytes.bytes(opcode: WebSocketFrameBytes.Opcode.text, payload: text.utf8)
    }

    /// An unmasked server binary frame, for ``sendRaw(_:)``.
    public static func frame(binary: [UInt8]) -> [UInt8] {
        WebSocketFrameBytes.bytes(opcode: WebSocketFrameBytes.Opcode.binary, payload: binary)
    }

    /// Any unmasked frame, unvalidated, for ``sendRaw(_:)``: fragments (`fin: false`, then
    /// continuation frames with opcode 0), reserved opcodes, oversized control frames.
    public static func frame(opcode: UInt8, fin: Bool = true, payload: [UInt8]) -> [UInt8] {
        WebSocketFrameBytes.bytes(opcode: opcode, fin: fin, payload: payload)
    }

    // MARK: Closing

    /// Sends a close frame, waits briefly (at most 1 s) for the client's close frame or TCP
    /// close, then closes TCP; returns once the socket is closed.
    ///
    /// Works after ``goSilent()`` too (a script asking to close wants the connection closed).
    /// Does nothing when the connection is already closed; a failed write of the close frame
    /// is not an error, since closing was the point, so this does not throw in practice. A
    /// reason over 123 bytes is sent as is.
    public func close(code: UInt16 = 1000, reason: String = "") async throws {
        let (isGone, mustSendClose) = state.mutate { state in
            if state.isTCPClosed || state.isAborted { return (true, false) }
            defer { state.closeSent = true }
            return (false, !state.closeSent)
        }
        if isGone { return }
        if mustSendClose {
            var buffer = channel.allocator.buffer(capacity: 4 + reason.utf8.count)
            WebSocketFrameBytes.write(
                opcode: WebSocketFrameBytes.Opcode.close,
                payload: WebSocketFrameBytes.closePayload(code: code, reason: reason),
                into: &buffer
            )
            try? await channel.writeAndFlush(buffer)
        }
        // The frame handler closes TCP itself when the client's close frame arrives; the wait
        // is only the upper bound for a client that never answers (or a cancelled script).
        _ = try? await state.wait(
            timeout: .seconds(1),
            on: channel.eventLoop,
            timeoutError: { _ in CancellationError() },
            until: { state in state.closeFrameReceived || state.isTCPClosed ? .success(()) : nil }
        )
        channel.close(promise: nil)
        try? await channel.closeFuture.get()
    }

    /// Ends the TCP connection without any close frame, as a crashed server, a killed process
    /// or a middlebox dropping the flow would. Returns at once; later sends throw.
    ///
    /// With `reset` (the default) the socket is closed with `SO_LINGER` 0, so the client gets a
    /// TCP RST and bytes not yet sent are discarded. With `reset: false` it is an orderly TCP
    /// close (FIN) after the bytes already written, i.e. the server vanishing without the
    /// WebSocket close handshake. Caution: WSClient allows remote half-closure and was seen to
    /// miss a FIN that arrives while it is still processing the 101 response (its session then
    /// never ends), so use `reset: false` only once the client has demonstrably started, e.g.
    /// after it sent a frame.
    public func abort(reset: Bool = true) {
        state.mutate { $0.isAborted = true }
        if reset {
            WebSocketServerCore.resetAndClose(channel)
        } else {
            channel.close(promise: nil)
        }
    }

    /// Half-open from now on: send nothing (``send(text:)`` and the other sends return without
    /// writing), answer no ping and no close frame, but keep the TCP connection open and keep
    /// recording what arrives. ``close(code:reason:)``, ``abort(reset:)`` and server shutdown still work.
    public func goSilent() {
        state.mutate { $0.isSilent = true }
    }

    // MARK: What the client sent

    /// Every frame from the client in order (text, binary, ping, pong, close); fragmented
    /// messages appear once, aggregated.
    public var received: [ReceivedFrame] {
        state.read { $0.received }
    }

    /// The text messages from the client, in order.
    public var receivedTexts: [String] {
        state.read { $0.texts }
    }

    /// Whether the connection is over: the client sent a close frame, or the TCP connection
    /// closed (from either side).
    public var isClosed: Bool {
        state.read { $0.closeFrameReceived || $0.isTCPClosed }
    }

    /// The status code of the client's close frame (1005 if it carried none), `nil` before one arrived.
    public var closeCodeFromClient: UInt16? {
        state.read { $0.closeCodeFromClient }
    }

    /// Waits until `count` text frames in total have arrived and returns all texts so far.
    ///
    /// Throws ``ScriptedWebSocketError/timedOut(waitingFor:received:)`` after `timeout`,
    /// ``ScriptedWebSocketError/connectionClosed(during:received:)`` when the TCP connection
    /// closes first, and `CancellationError` when the calling task is cancelled.
    public func waitForText(count: Int, timeout: Duration = .seconds(5)) async throws -> [String] {
        let what = "\(count) text frame(s) on connection \(id)"
        return try await wait(what, timeout: timeout) { state in
            if state.texts.count >= count { return .success(state.texts) }
            return state.isTCPClosed ? .failure(Self.closedError(during: "a wait for \(what)", state)) : nil
        }
    }

    /// The next text frame not yet returned by `nextText` (a cursor), for request/response
    /// scripts. Throws like ``waitForText(count:timeout:)``.
    public func nextText(timeout: Duration = .seconds(5)) async throws -> String {
        let what = "the next text frame on connection \(id)"
        return try await wait(what, timeout: timeout) { state in
            if state.textCursor < state.texts.count {
                state.textCursor += 1
                return .success(state.texts[state.textCursor - 1])
            }
            return state.isTCPClosed ? .failure(Self.closedError(during: "a wait for \(what)", state)) : nil
        }
    }

    /// Waits until `count` frames of `kind` (any kind if `nil`) have arrived and returns them,
    /// e.g. the client's pongs or pings. Throws like ``waitForText(count:timeout:)``.
    public func waitForFrames(
        _ count: Int,
        kind: ReceivedFrame.Kind? = nil,
        timeout: Duration = .seconds(5)
    ) async throws -> [ReceivedFrame] {
        let what = "\(count) \(kind.map { "\($0) " } ?? "")frame(s) on connection \(id)"
        return try await wait(what, timeout: timeout) { state in
            let frames = kind.map { kind in state.received.filter { $0.kind == kind } } ?? state.received
            if frames.count >= count { return .success(frames) }
            return state.isTCPClosed ? .failure(Self.closedError(during: "a wait for \(what)", state)) : nil
        }
    }

    /// Waits until the client closed: a close frame arrived or the TCP connection closed.
    /// Throws ``ScriptedWebSocketError/timedOut(waitingFor:received:)`` after `timeout`.
    public func waitUntilClosed(timeout: Duration = .seconds(5)) async throws {
        try await wait("connection \(id) to close", timeout: timeout) { state in
            state.closeFrameReceived || state.isTCPClosed ? .success(()) : nil
        }
    }

    // MARK: Internals

    private func wait<Value: Sendable>(
        _ what: String,
        timeout: Duration,
        until condition: @escaping WaitableState<State>.Condition<Value>
    ) async throws -> Value {
        try await state.wait(
            timeout: timeout,
            on: channel.eventLoop,
            timeoutError: { state in
                ScriptedWebSocketError.timedOut(waitingFor: "\(what) within \(timeout)", received: Self.summary(state))
            },
            until: condition
        )
    }

    private func write(action: String, capacity: Int, _ encode: (inout ByteBuffer) -> Void) async throws {
        let (isSilent, isGone) = state.read { ($0.isSilent, $0.isTCPClosed || $0.isAborted) }
        if isGone {
            throw Self.closedError(during: "\(action) on connection \(id)", state.read { $0 })
        }
        if isSilent { return }
        var buffer = channel.allocator.buffer(capacity: capacity)
        encode(&buffer)
        do {
            try await channel.writeAndFlush(buffer)
        } catch let error as ChannelError where error == .ioOnClosedChannel || error == .alreadyClosed {
            throw Self.closedError(during: "\(action) on connection \(id)", state.read { $0 })
        }
    }

    /// Records a complete data message, pong or (via the helpers below) control frame.
    func record(_ kind: ReceivedFrame.Kind, _ bytes: [UInt8]) {
        let frame = ReceivedFrame(kind: kind, bytes: bytes)
        state.mutate { state in
            state.received.append(frame)
            if let text = frame.text, kind == .text {
                state.texts.append(text)
            }
        }
    }

    /// Records a ping; returns whether to answer it with a pong.
    func recordPing(_ bytes: [UInt8]) -> Bool {
        state.mutate { state in
            state.received.append(ReceivedFrame(kind: .ping, bytes: bytes))
            return !state.isSilent && !state.isAborted
        }
    }

    /// What the frame handler does after the client's close frame.
    enum CloseAction {
        /// Silent: keep the socket open, answer nothing.
        case stayOpen
        /// The server's close frame went out already: the handshake is complete.
        case closeTCP
        /// Answer with this close frame payload, then close TCP.
        case answerThenCloseTCP([UInt8])
    }

    func recordClose(_ bytes: [UInt8]) -> CloseAction {
        let code: UInt16 = bytes.count >= 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : 1005
        return state.mutate { state in
            state.received.append(ReceivedFrame(kind: .close, bytes: bytes))
            state.closeFrameReceived = true
            state.closeCodeFromClient = code
            if state.isSilent { return .stayOpen }
            if state.closeSent { return .closeTCP }
            state.closeSent = true
            // Echo the client's status code, as RFC 6455 section 5.5.1 suggests.
            return .answerThenCloseTCP(bytes.count >= 2 ? Array(bytes[0..<2]) : [])
        }
    }

    /// Called before closing for a client protocol error; returns whether to send a close frame.
    func prepareFailureClose() -> Bool {
        state.mutate { state in
            guard !state.isSilent, !state.closeSent else { return false }
            state.closeSent = true
            return true
        }
    }

    func markTCPClosed() {
        state.mutate { $0.isTCPClosed = true }
    }

    private static func closedError(during action: String, _ state: State) -> ScriptedWebSocketError {
        .connectionClosed(during: action, received: summary(state))
    }

    /// What has arrived, for error messages: counts plus the last frames, long texts shortened.
    static func summary(_ state: State) -> String {
        let shown = state.received.suffix(10).map { frame in
            switch frame.kind {
            case .text:
                let text = frame.text ?? ""
                return "text \"\(text.count > 80 ? String(text.prefix(80)) + "…" : text)\""
            case .close:
                return "close \(frame.bytes.count >= 2 ? String(UInt16(frame.bytes[0]) << 8 | UInt16(frame.bytes[1])) : "(no code)")"
            default:
                return "\(frame.kind) (\(frame.bytes.count) bytes)"
            }
        }
        let omitted = state.received.count - shown.count
        let list = (omitted > 0 ? ["… \(omitted) earlier"] : []) + shown
        return "\(state.received.count) frame(s) [\(list.joined(separator: ", "))], "
            + "\(state.textCursor) of \(state.texts.count) text(s) consumed by nextText, "
            + (state.isTCPClosed ? "TCP closed" : "TCP open")
    }
}

/// One complete frame (or reassembled fragmented message) the client sent, unmasked.
public struct ReceivedFrame: Sendable {
    /// The frame types a client can send.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// A text message.
        case text
        /// A binary message.
        case binary
        /// A ping (answered automatically unless silent).
        case ping
        /// A pong, e.g. the answer to ``ScriptedWebSocketConnection/sendPing(_:)``.
        case pong
        /// A close frame; ``ReceivedFrame/bytes`` holds the status code and reason.
        case close

        /// The kind's name, e.g. `text`.
        public var description: String {
            switch self {
            case .text: "text"
            case .binary: "binary"
            case .ping: "ping"
            case .pong: "pong"
            case .close: "close"
            }
        }
    }

    /// What kind of frame this was.
    public var kind: Kind
    /// The unmasked payload (all fragments joined for a fragmented message).
    public var bytes: [UInt8]
    /// For text frames the payload decoded as UTF-8 (invalid sequences replaced); `nil` otherwise.
    public var text: String?
    /// When the frame (for fragmented messages: the last fragment) arrived.
    public var receivedAt: ContinuousClock.Instant

    /// Creates a record; the server builds these itself, the initializer is public so tests of
    /// code that consumes records can fabricate them.
    public init(kind: Kind, bytes: [UInt8], receivedAt: ContinuousClock.Instant = .now) {
        self.kind = kind
        self.bytes = bytes
        self.text = kind == .text ? String(decoding: bytes, as: UTF8.self) : nil
        self.receivedAt = receivedAt
    }
}
