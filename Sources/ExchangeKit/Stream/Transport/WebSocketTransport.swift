import Crypto
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The stream core's WebSocket client: TCP (and TLS for `wss`), the HTTP upgrade, then raw socket
/// reads handed to the read loop whole.
///
/// It replaces a general-purpose WebSocket client whose per-frame pipeline and per-frame async
/// hand-off cost more than decoding the frame (Benchmarks/README.md, "Where the end-to-end time
/// goes"): here one hand-off carries a whole socket read, often a hundred frames, and the frames
/// are read in place by ``WebSocketFrameReader``.
enum WebSocketTransport {
    /// Where a `ws://` or `wss://` URL points.
    struct Target: Equatable {
        var host: String
        var port: Int
        var useTLS: Bool
        /// Path and query, as sent in the request line.
        var requestTarget: String
        /// The `Host` header's value.
        var hostHeader: String
    }

    /// Why a connection could not be made or upgraded.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads a `ws`/`wss` URL.
    static func target(of url: String) throws -> Target {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "ws" || scheme == "wss", var host = components.host, !host.isEmpty else {
            // The URL itself is not quoted: its query carries the connection's token.
            throw Failure(description: "not a ws:// or wss:// URL with a host (scheme \(URLComponents(string: url)?.scheme ?? "none"))")
        }
        // An IPv6 literal comes bracketed from some Foundations, bare from others.
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let useTLS = scheme == "wss"
        let defaultPort = useTLS ? 443 : 80
        let port = components.port ?? defaultPort
        var requestTarget = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { requestTarget += "?" + query }
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let hostHeader = port == defaultPort ? bracketed : "\(bracketed):\(port)"
        return Target(host: host, port: port, useTLS: useTLS, requestTarget: requestTarget, hostHeader: hostHeader)
    }

    /// The TLS context `wss` dials share when no extra trust roots are configured (the system's
    /// trust roots, loaded once).
    private static let systemTLSContext: Result<NIOSSLContext, any Error> = Result {
        try NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration())
    }

    /// The TLS context for a dial: the system's trust roots, plus `additionalTrustRoots` (PEM).
    static func tlsContext(additionalTrustRoots: [String]) throws -> NIOSSLContext {
        guard !additionalTrustRoots.isEmpty else { return try systemTLSContext.get() }
        var configuration = TLSConfiguration.makeClientConfiguration()
        var certificates: [NIOSSLCertificate] = []
        for (index, pem) in additionalTrustRoots.enumerated() {
            do {
                certificates += try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
            } catch {
                throw Failure(description: "additional trust root \(index + 1) is not a PEM certificate: \(error)")
            }
        }
        configuration.additionalTrustRoots = [.certificates(certificates)]
        return try NIOSSLContext(configuration: configuration)
    }

    /// Connects, upgrades, and runs `body` with the open connection; the socket is closed when
    /// `body` returns or throws.
    static func withConnection<Value: Sendable>(
        url: String, headers: [(String, String)], connectTimeout: Duration, additionalTrustRoots: [String] = [],
        _ body: (WebSocketConnection, inout WebSocketReads) async throws -> Value
    ) async throws -> Value {
        let target = try target(of: url)
        for (name, value) in headers where (name + value).contains(where: { $0 == "\r" || $0 == "\n" }) || name.isEmpty {
            throw Failure(description: "header \(name.debugDescription) contains a line break or is empty")
        }
        let sslContext: NIOSSLContext? = target.useTLS ? try tlsContext(additionalTrustRoots: additionalTrustRoots) : nil
        let serverName = target.host.contains(":") || target.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : target.host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.nanoseconds(connectTimeout.nanoseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16_384, maximum: 262_144))
            .connect(host: target.host, port: target.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(backPressureStrategy: .init(lowWatermark: 4, highWatermark: 32)))
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let connection = WebSocketConnection(outbound: outbound, allocator: channel.channel.allocator)
            var iterator = inbound.makeAsyncIterator()
            let leftover: ByteBuffer?
            do {
                leftover = try await upgrade(target: target, headers: headers, connection: connection, iterator: &iterator)
            } catch let error as NIOSSLError {
                throw Failure(description: "TLS with \(target.host) failed: \(describeTLS(error))")
            }
            var reads = WebSocketReads(first: leftover, iterator: iterator)
            return try await body(connection, &reads)
        }
    }

    /// A TLS failure in a line: BoringSSL's reason (`CERTIFICATE_VERIFY_FAILED`) rather than its
    /// whole error stack with source paths.
    static func describeTLS(_ error: NIOSSLError) -> String {
        let text = String(describing: error)
        var reasons: [Substring] = []
        var rest = text[...]
        while let marker = rest.range(of: "OPENSSL_internal:") {
            let after = rest[marker.upperBound...]
            let end = after.firstIndex(where: { $0 == " " || $0 == "]" || $0 == ")" }) ?? after.endIndex
            reasons.append(after[..<end])
            rest = after[end...]
        }
        guard !reasons.isEmpty else { return text }
        return reasons.joined(separator: ", ")
    }

    /// Sends the upgrade request and reads the answer; returns the bytes that followed it.
    private static func upgrade(target: Target, headers: [(String, String)], connection: WebSocketConnection,
                                iterator: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws -> ByteBuffer? {
        var keyBytes = [UInt8](repeating: 0, count: 16)
        for index in keyBytes.indices { keyBytes[index] = .random(in: .min ... .max) }
        let key = Data(keyBytes).base64EncodedString()
        var request = "GET \(target.requestTarget) HTTP/1.1\r\nHost: \(target.hostHeader)\r\nUpgrade: websocket\r\n"
        request += "Connection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        do {
            try await connection.outbound.write(connection.allocator.buffer(string: request))
        } catch {
            // The socket closed before the request went out; its reading side knows why (a TLS
            // handshake refused, a reset), which says more than "I/O on closed channel".
            while try await iterator.next() != nil {}
            throw error
        }

        var response = connection.allocator.buffer(capacity: 1024)
        while true {
            guard var chunk = try await iterator.next() else {
                throw Failure(description: "the server closed the connection during the WebSocket upgrade")
            }
            response.writeBuffer(&chunk)
            let end = response.withUnsafeReadableBytes { bytes -> Int? in
                guard bytes.count >= 4 else { return nil }
                for index in 3..<bytes.count where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
                    return index + 1
                }
                return nil
            }
            if let end {
                let head = response.readString(length: end) ?? ""
                try check(head, key: key)
                return response.readableBytes > 0 ? response : nil
            }
            guard response.readableBytes <= 65_536 else {
                throw Failure(description: "the upgrade response's head is longer than 64 KiB")
            }
        }
    }

    /// Checks the server's answer: `101`, `Upgrade: websocket`, the right `Sec-WebSocket-Accept`.
    static func check(_ head: String, key: String) throws {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: true)
        guard let statusLine = lines.first else { throw Failure(description: "empty upgrade response") }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Failure(description: "not an HTTP response to the upgrade: \(ExchangeError.excerpt(of: statusLine.utf8))")
        }
        guard status == 101 else {
            throw Failure(description: "upgrade refused: HTTP \(status)\(parts.count > 2 ? " \(parts[2])" : "")")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard fields["upgrade"]?.lowercased() == "websocket" else {
            throw Failure(description: "the upgrade response has no `Upgrade: websocket`")
        }
        let expected = Data(Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
        guard fields["sec-websocket-accept"] == expected else {
            throw Failure(description: "the upgrade response's Sec-WebSocket-Accept does not match the key")
        }
        if let extensions = fields["sec-websocket-extensions"], !extensions.isEmpty {
            throw Failure(description: "the server chose an extension that was not offered: \(extensions)")
        }
    }
}

/// The socket reads of one connection, for its one read loop: whole reads, in order, starting with
/// any bytes that came with the upgrade answer.
struct WebSocketReads {
    fileprivate var first: ByteBuffer?
    fileprivate var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator

    /// The next read, or nil once the server closed the socket.
    mutating func next() async throws -> ByteBuffer? {
        if let first {
            self.first = nil
            return first
        }
        return try await iterator.next()
    }
}

/// One open WebSocket's writing side, which any of the session's tasks may use.
final class WebSocketConnection: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let allocator: ByteBufferAllocator

    init(outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, allocator: ByteBufferAllocator) {
        self.outbound = outbound
        self.allocator = allocator
    }

    /// Sends a text frame.
    func send(text: String) async throws {
        try await outbound.write(WebSocketWire.clientFrame(.text, payload: text.utf8, allocator: allocator))
    }

    /// Sends a WebSocket ping (for venues without a ping message of their own).
    func ping() async throws {
        try await outbound.write(WebSocketWire.clientFrame(.ping, payload: EmptyCollection(), allocator: allocator))
    }

    /// Answers a ping with its payload.
    func pong(_ payload: [UInt8]) async throws {
        try await outbound.write(WebSocketWire.clientFrame(.pong, payload: payload, allocator: allocator))
    }

    /// Sends a close frame (best effort: the socket closes anyway).
    func close(code: UInt16, reason: String) async {
        try? await outbound.write(WebSocketWire.clientFrame(.close, payload: WebSocketWire.closePayload(code: code, reason: reason),
                                                            allocator: allocator))
    }
}
