import ExchangeKit
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 keep-alive server on 127.0.0.1 that answers every request
/// with the same JSON body: constant work per request, nothing recorded, so
/// both REST benchmarks see exactly the same server.
///
/// It runs on an event loop group of its own (one thread), so the server never
/// shares a thread with the client's connection and runs are comparable.
final class LoopbackServer: Sendable {
    static let responseBody = #"{"code":"200000","data":{"price":"96123.5"}}"#

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, port: Int) {
        self.group = group
        self.channel = channel
        self.port = port
    }

    static func start() async throws -> LoopbackServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FixedJSONResponder())
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            try await group.shutdownGracefully()
            throw LoopbackServerError.noPort
        }
        return LoopbackServer(group: group, channel: channel, port: port)
    }

    func shutdown() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }
}

enum LoopbackServerError: Error {
    case noPort
}

/// Answers each complete request with 200 and the fixed body, plus a `Date`
/// header (as every venue sends; the REST client reads it to watch clock skew),
/// formatted once per second.
final class FixedJSONResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var body: ByteBuffer?
    private var dateSecond: Int64 = -1
    private var dateText = ""

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let now = Timestamp.now()
        if now.seconds != dateSecond {
            dateSecond = now.seconds
            dateText = HTTPDate.format(now)
        }
        let body = self.body ?? context.channel.allocator.buffer(string: LoopbackServer.responseBody)
        self.body = body
        let headers: HTTPHeaders = [
            "Content-Type": "application/json",
            "Content-Length": "\(body.readableBytes)",
            "Date": dateText,
        ]
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
