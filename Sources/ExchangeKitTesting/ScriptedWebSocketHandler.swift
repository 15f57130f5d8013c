import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// State shared between ``ScriptedWebSocketServer`` and the channel handlers of its connections.
final class WebSocketServerCore: Sendable {
    typealias Script = @Sendable (ScriptedWebSocketConnection) async throws -> Void
    typealias Gate = @Sendable (UpgradeRequest) -> UpgradeDecision

    struct State: Sendable {
        var script: Script?
        var gate: Gate?
        var dials: [UpgradeRequest] = []
        var connections: [ScriptedWebSocketConnection] = []
        /// Every open TCP connection, upgraded or not, so shutdown can close it.
        var channels: [ObjectIdentifier: any Channel] = [:]
        var scripts: [Task<Void, Never>] = []
        var scriptErrors: [String] = []
        var isShutDown = false
    }

    let state = WaitableState(State())
    let maxFrameSize: Int

    init(maxFrameSize: Int) {
        self.maxFrameSize = maxFrameSize
    }

    /// Tracks an accepted TCP connection; `false` means "already shut down".
    func track(_ channel: any Channel) -> Bool {
        state.mutate { state in
            guard !state.isShutDown else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func untrack(_ key: ObjectIdentifier) {
        state.mutate { state in _ = state.channels.removeValue(forKey: key) }
    }

    /// HTTP/1.1 until the upgrade; the upgrader then swaps in the WebSocket handlers.
    func configureHTTPPipeline(_ channel: any Channel) throws {
        let refusal = UpgradeRefusalHandler(core: self)
        let upgrader = ScriptedWebSocketUpgrader(core: self, refusal: refusal)
        let pipeline = channel.pipeline.syncOperations
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: false,
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }),
            withErrorHandling: true
        )
        try pipeline.addHandler(refusal)
    }

    /// Records a dial and asks the gate about it (outside the lock: the gate may read state).
    func recordDial(_ request: UpgradeRequest, consultGate: Bool) -> UpgradeDecision {
        let gate = state.mutate { state in
            state.dials.append(request)
            return state.gate
        }
        guard consultGate, let gate else { return .accept }
        return gate(request)
    }

    /// Creates and publishes the connection for an upgraded channel; `nil` after shutdown.
    func accept(_ channel: any Channel, request: UpgradeRequest) -> ScriptedWebSocketConnection? {
        state.mutate { state in
            guard !state.isShutDown else { return nil }
            let connection = ScriptedWebSocketConnection(
                id: state.connections.count + 1,
                request: request,
                channel: channel
            )
            state.connections.append(connection)
            return connection
        }
    }

    func startScript(for connection: ScriptedWebSocketConnection) {
        guard let script = state.read({ $0.script }) else { return }
        let task = Task {
            do {
                try await script(connection)
            } catch {
                self.recordScriptError(error, connectionID: connection.id)
            }
        }
        let kept = state.mutate { state in
            guard !state.isShutDown else { return false }
            state.scripts.append(task)
            return true
        }
        if !kept {
            task.cancel()
        }
    }

    private func recordScriptError(_ error: any Error, connectionID: Int) {
        state.mutate { state in
            if state.isShutDown, error is CancellationError { return }
            state.scriptErrors.append("connection \(connectionID): \(error)")
        }
    }

    /// Closes `channel` with `SO_LINGER` 0, so the peer gets a TCP RST instead of a FIN.
    ///
    /// A reset cannot be mistaken for a half-close: WSClient (which allows remote half-closure)
    /// can miss a FIN that arrives while it is still processing the 101 response and then wait
    /// forever, whereas a reset always fails its socket.
    static func resetAndClose(_ channel: any Channel) {
        guard let provider = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// Marks the server as shut down; returns the channels to close and the scripts to cancel,
    /// or `nil` if a previous call already did so.
    func beginShutdown() -> (channels: [any Channel], scripts: [Task<Void, Never>])? {
        state.mutate { state in
            guard !state.isShutDown else { return nil }
            state.isShutDown = true
            return (Array(state.channels.values), state.scripts)
        }
    }
}

/// Refusal passed from the upgrader to ``UpgradeRefusalHandler``; never leaves the pipeline.
struct UpgradeRefusedByGate: Error {}

/// Runs the WebSocket handshake with NIO's `NIOWebSocketServerUpgrader` (request validation,
/// `Sec-WebSocket-Accept`) after the upgrade gate approved, then installs the frame handling.
///
/// It does not use that upgrader's `upgrade(context:upgradeRequest:)`, because that installs
/// NIO's frame encoder, which only accepts `WebSocketFrame`s and so would make
/// ``ScriptedWebSocketConnection/sendRaw(_:)`` impossible: here every outbound frame is bytes.
/// Lives on its channel's event loop only.
final class ScriptedWebSocketUpgrader: HTTPServerProtocolUpgrader {
    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []

    private let core: WebSocketServerCore
    private let refusal: UpgradeRefusalHandler
    private let handshake = NIOWebSocketServerUpgrader(
        automaticErrorHandling: false,
        shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
        upgradePipelineHandler: { channel, _ in channel.eventLoop.makeSucceededVoidFuture() }
    )
    private var acceptedRequest: UpgradeRequest?

    init(core: WebSocketServerCore, refusal: UpgradeRefusalHandler) {
        self.core = core
        self.refusal = refusal
    }

    func buildUpgradeResponse(
        channel: any Channel,
        upgradeRequest: HTTPRequestHead,
        initialResponseHeaders: HTTPHeaders
    ) -> EventLoopFuture<HTTPHeaders> {
        let request = UpgradeRequest(head: upgradeRequest)
        refusal.dialRecorded = true
        switch core.recordDial(request, consultGate: true) {
        case .reject(let status, let body):
            refusal.refusal = (status, body)
            return channel.eventLoop.makeFailedFuture(UpgradeRefusedByGate())
        case .accept:
            acceptedRequest = request
            return handshake.buildUpgradeResponse(
                channel: channel,
                upgradeRequest: upgradeRequest,
                initialResponseHeaders: initialResponseHeaders
            )
        }
    }

    func upgrade(context: ChannelHandlerContext, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<Void> {
        let channel = context.channel
        let request = acceptedRequest ?? UpgradeRequest(head: upgradeRequest)
        let core = self.core
        return channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            pipeline.removeHandler(refusal, promise: nil)
            guard let connection = core.accept(channel, request: request) else {
                channel.close(promise: nil)
                return
            }
            // Published before the handlers are added, but all of this runs in one event loop
            // tick and every write from a script hops onto this loop, so none can overtake it.
            try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: core.maxFrameSize)))
            try pipeline.addHandler(ScriptedWebSocketFrameHandler(connection: connection, maxMessageSize: core.maxFrameSize))
            core.startScript(for: connection)
        }
    }
}

/// Answers the HTTP requests that do not become WebSocket connections: dials the gate refused
/// (with the gate's status and body) and anything that is not a valid upgrade (with a 400).
/// Removed from the pipeline when an upgrade succeeds. Lives on its channel's event loop only.
final class UpgradeRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: WebSocketServerCore
    /// Set by ``ScriptedWebSocketUpgrader`` when the gate refused the dial.
    var refusal: (status: Int, body: String)?
    /// Set by ``ScriptedWebSocketUpgrader`` once it recorded the dial.
    var dialRecorded = false
    private var pendingAnswer: (status: Int, body: String, version: HTTPVersion)?
    private var answered = false

    init(core: WebSocketServerCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if !dialRecorded {
                dialRecorded = true
                _ = core.recordDial(UpgradeRequest(head: head), consultGate: false)
            }
            let answer = refusal ?? (400, #"{"error":"expected a WebSocket upgrade request"}"#)
            pendingAnswer = (answer.status, answer.body, head.version)
        case .body:
            break
        case .end:
            guard let answer = pendingAnswer else { return }
            answered = true
            respond(status: answer.status, body: answer.body, version: answer.version, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A refused or malformed upgrade is reported here before the request itself arrives;
        // the request is answered then. Anything else ends the connection.
        if error is UpgradeRefusedByGate || error is NIOWebSocketUpgradeError { return }
        context.close(promise: nil)
    }

    private func respond(status: Int, body: String, version: HTTPVersion, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        let looksLikeJSON = body.hasPrefix("{") || body.hasPrefix("[")
        headers.add(name: "Content-Type", value: looksLikeJSON ? "application/json" : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
            buffer.writeString(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)))
            .assumeIsolated()
            .whenComplete { _ in context.close(promise: nil) }
    }
}

/// Per-connection WebSocket logic: unmasks and aggregates client frames into
/// ``ReceivedFrame``s, answers pings and close frames (unless the connection went silent), and
/// ends the connection on protocol errors. Frames are parsed by NIO's `WebSocketFrameDecoder`
/// in front of it; everything sent is written as bytes. Lives on its channel's event loop only.
final class ScriptedWebSocketFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = ByteBuffer

    private let connection: ScriptedWebSocketConnection
    private let maxMessageSize: Int
    /// The data frame kind of a fragmented message in progress, and its bytes so far.
    private var fragmentKind: ReceivedFrame.Kind?
    private var fragmentBytes: [UInt8] = []
    /// Set once the connection failed: nothing after that is recorded or answered.
    private var failed = false

    init(connection: ScriptedWebSocketConnection, maxMessageSize: Int) {
        self.connection = connection
        self.maxMessageSize = maxMessageSize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let frame = unwrapInboundIn(data)
        var payload = frame.unmaskedData
        let bytes = payload.readBytes(length: payload.readableBytes) ?? []
        switch frame.opcode {
        case .text, .binary:
            guard fragmentKind == nil else {
                return fail(code: 1002, reason: "new data frame inside a fragmented message", context: context)
            }
            let kind: ReceivedFrame.Kind = frame.opcode == .text ? .text : .binary
            if frame.fin {
                connection.record(kind, bytes)
            } else {
                fragmentKind = kind
                fragmentBytes = bytes
            }
        case .continuation:
            guard let kind = fragmentKind else {
                return fail(code: 1002, reason: "continuation frame without a message to continue", context: context)
            }
            guard fragmentBytes.count + bytes.count <= maxMessageSize else {
                return fail(code: 1009, reason: "message larger than \(maxMessageSize) bytes", context: context)
            }
            fragmentBytes += bytes
            if frame.fin {
                connection.record(kind, fragmentBytes)
                fragmentKind = nil
                fragmentBytes = []
            }
        case .ping:
            if connection.recordPing(bytes) {
                write(opcode: WebSocketFrameBytes.Opcode.pong, payload: bytes, context: context)
            }
        case .pong:
            connection.record(.pong, bytes)
        case .connectionClose:
            switch connection.recordClose(bytes) {
            case .stayOpen:
                break
            case .closeTCP:
                context.close(promise: nil)
            case .answerThenCloseTCP(let answer):
                write(opcode: WebSocketFrameBytes.Opcode.close, payload: answer, context: context)
                    .whenComplete { _ in context.close(promise: nil) }
            }
        default:
            fail(code: 1002, reason: "reserved opcode \(frame.opcode)", context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.markTCPClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case NIOWebSocketError.invalidFrameLength:
            fail(code: 1009, reason: "frame larger than \(maxMessageSize) bytes", context: context)
        case NIOWebSocketError.fragmentedControlFrame, NIOWebSocketError.multiByteControlFrameLength:
            fail(code: 1002, reason: "malformed control frame", context: context)
        default:
            // Resets by the client and similar I/O errors end the connection; nothing to report.
            context.close(promise: nil)
        }
    }

    /// Ends the connection after a client protocol violation: a close frame with `code`
    /// (unless silent), then TCP close.
    private func fail(code: UInt16, reason: String, context: ChannelHandlerContext) {
        guard !failed else { return }
        failed = true
        if connection.prepareFailureClose() {
            write(
                opcode: WebSocketFrameBytes.Opcode.close,
                payload: WebSocketFrameBytes.closePayload(code: code, reason: reason),
                context: context
            ).whenComplete { _ in context.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }

    @discardableResult
    private func write(opcode: UInt8, payload: [UInt8], context: ChannelHandlerContext) -> EventLoopFuture<Void>.Isolated {
        var buffer = context.channel.allocator.buffer(capacity: WebSocketFrameBytes.frameLength(payloadLength: payload.count))
        WebSocketFrameBytes.write(opcode: opcode, payload: payload, into: &buffer)
        return context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated()
    }
}
