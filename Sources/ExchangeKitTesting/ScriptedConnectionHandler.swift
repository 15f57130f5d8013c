import ExchangeKit
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Per-connection HTTP/1.1 logic: aggregates a request, records it, then answers or misbehaves
/// as scripted. Lives on its channel's event loop only, hence no locking here.
final class ScriptedConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Bodies up to this size are recorded; larger ones get a 413 so a runaway client cannot
    /// exhaust the test process's memory.
    static let maxBodyBytes = 8 * 1024 * 1024

    private let core: ServerCore
    private let connectionID: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyTooLarge = false
    private var pendingResponse: Scheduled<Void>?
    /// Set once a fault has been applied: the connection is closing or stalled, so any further
    /// (pipelined) input must neither be recorded nor answered.
    private var isFinished = false

    init(core: ServerCore, connectionID: Int) {
        self.core = core
        self.connectionID = connectionID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isFinished else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            bodyTooLarge = false
        case .body(let buffer):
            guard !bodyTooLarge else { return }
            if body.count + buffer.readableBytes > Self.maxBodyBytes {
                bodyTooLarge = true
                body = []
            } else {
                body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            requestComplete(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelPendingResponse()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelPendingResponse()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Resets by the client and similar errors end this connection; nothing to report.
        context.close(promise: nil)
    }

    private func cancelPendingResponse() {
        pendingResponse?.cancel()
        pendingResponse = nil
    }

    private func requestComplete(context: ChannelHandlerContext) {
        guard let head else { return }
        self.head = nil
        let keepAlive = head.isKeepAlive
        if bodyTooLarge {
            bodyTooLarge = false
            isFinished = true
            let response = ScriptedResponse.json(#"{"error":"request body larger than 8 MiB"}"#, status: 413)
            send(response, to: head, keepAlive: false, context: context)
            return
        }
        let request = RecordedRequest(
            method: head.method.rawValue,
            uri: head.uri,
            headers: head.headers.map { (name: $0.name, value: $0.value) },
            body: body,
            receivedAt: .now,
            connectionID: connectionID
        )
        body = []
        let response = core.record(request)
        if let delay = response.delay, delay > .zero {
            pendingResponse = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
                self.pendingResponse = nil
                self.perform(response, for: head, keepAlive: keepAlive, context: context)
            }
        } else {
            perform(response, for: head, keepAlive: keepAlive, context: context)
        }
    }

    private func perform(
        _ response: ScriptedResponse,
        for request: HTTPRequestHead,
        keepAlive: Bool,
        context: ChannelHandlerContext
    ) {
        switch response.fault {
        case nil:
            send(response, to: request, keepAlive: keepAlive, context: context)
        case .resetAfterRequest:
            isFinished = true
            abortConnection(context: context)
        case .closeWithoutResponse:
            isFinished = true
            context.close(promise: nil)
        case .stall:
            // Holding the request open is the whole point; shutdown closes the connection.
            isFinished = true
        case .truncatedBody(let sendBytes):
            isFinished = true
            let prefixLength = min(max(sendBytes, 0), response.body.count)
            // No `Connection: close` here: a real server crashing mid-body gives no warning.
            let head = responseHead(response, for: request, keepAlive: true)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: prefixLength)
            buffer.writeBytes(response.body[..<prefixLength])
            // Close only once the bytes are out; closing straight away could drop them.
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))))
                .assumeIsolated()
                .whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func send(
        _ response: ScriptedResponse,
        to request: HTTPRequestHead,
        keepAlive requestKeepAlive: Bool,
        context: ChannelHandlerContext
    ) {
        let scriptedClose = response.headers.contains {
            $0.0.lowercased() == "connection" && $0.1.lowercased().contains("close")
        }
        let keepAlive = requestKeepAlive && !scriptedClose
        let head = responseHead(response, for: request, keepAlive: keepAlive)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        // HEAD answers carry the Content-Length of the body they do not send.
        if request.method != .HEAD, !response.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            isFinished = true
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func responseHead(
        _ response: ScriptedResponse,
        for request: HTTPRequestHead,
        keepAlive: Bool
    ) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        for (name, value) in response.headers {
            let lowered = name.lowercased()
            // Framing headers are the server's job: a wrong one would desynchronise keep-alive.
            if lowered == "content-length" || lowered == "transfer-encoding" { continue }
            if lowered == "connection" { continue }
            headers.add(name: name, value: value)
        }
        if !headers.contains(name: "date") {
            headers.add(name: "Date", value: HTTPDate.format(Timestamp.now()))
        }
        headers.add(name: "Content-Length", value: String(response.body.count))
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if request.version == .http1_0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        return HTTPResponseHead(
            version: request.version,
            status: HTTPResponseStatus(statusCode: response.status),
            headers: headers
        )
    }

    private func abortConnection(context: ChannelHandlerContext) {
        // SO_LINGER with a zero timeout makes close() send RST instead of FIN, which is what a
        // crashed server or a middlebox killing the flow looks like to the client.
        guard let provider = context.channel as? any SocketOptionProvider else {
            context.close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            .assumeIsolated()
            .whenComplete { _ in context.close(promise: nil) }
    }
}
