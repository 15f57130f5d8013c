import NIOCore
import NIOPosix
import Synchronization
import WSClient

/// What a WSClient session received, shared between its handler task and the test.
final class Inbox: Sendable {
    private let storage = Mutex<[WebSocketMessage]>([])

    func append(_ message: WebSocketMessage) {
        storage.withLock { $0.append(message) }
    }

    var messages: [WebSocketMessage] {
        storage.withLock { $0 }
    }

    var texts: [String] {
        messages.compactMap { message in
            if case .text(let text) = message { text } else { nil }
        }
    }

    /// Reads messages into the inbox until `count` have arrived (then returns) or the server
    /// ends the stream; errors of the stream are rethrown.
    func collect(_ inbound: WebSocketInboundStream, upTo count: Int = .max) async throws {
        var received = 0
        guard count > 0 else { return }
        for try await message in inbound.messages(maxSize: 1 << 20) {
            append(message)
            received += 1
            if received >= count { return }
        }
    }
}

/// WSClient's defaults, but with a 1 s close timeout instead of 15 s.
func clientConfiguration(autoPing: AutoPingSetup = .disabled) -> WebSocketClientConfiguration {
    WebSocketClientConfiguration(closeTimeout: .seconds(1), autoPing: autoPing)
}

/// Runs one WSClient session to its end and reports how it ended instead of throwing.
func runClient(
    _ url: String,
    configuration: WebSocketClientConfiguration = clientConfiguration(),
    handler: @escaping WebSocketDataHandler<WebSocketClient.Context>
) async -> Result<WebSocketCloseFrame?, any Error> {
    do {
        let closeFrame = try await WebSocketClient.connect(
            url: url,
            configuration: configuration,
            logger: .init(label: "ScriptedWebSocketServerTests"),
            handler: handler
        )
        return .success(closeFrame)
    } catch {
        return .failure(error)
    }
}

/// Sends `request` over a plain TCP connection and returns everything the server sent until it
/// closed the connection or `stopWhen` holds for what arrived so far.
func rawExchange(
    port: Int,
    request: [UInt8],
    stopWhen: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }
) async throws -> [UInt8] {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        try await outbound.write(ByteBuffer(bytes: request))
        var received: [UInt8] = []
        for try await chunk in inbound {
            received += chunk.readableBytesView
            if stopWhen(received) { break }
        }
        return received
    }
}

/// A client-to-server frame, masked as RFC 6455 requires, for raw-socket tests.
func maskedFrame(opcode: UInt8, payload: [UInt8], mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]) -> [UInt8] {
    precondition(payload.count < 126, "raw test frames stay small")
    let masked = payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    return [0x80 | opcode, 0x80 | UInt8(payload.count)] + mask + masked
}

/// The upgrade request of RFC 6455 section 1.3 (whose key has a known accept value).
func upgradeRequest(path: String) -> [UInt8] {
    Array(
        ("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8
    )
}

/// Index just past the `\r\n\r\n` that ends an HTTP head, if it has arrived.
func endOfHTTPHead(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for index in 3..<bytes.count
    where bytes[index - 3] == 13 && bytes[index - 2] == 10 && bytes[index - 1] == 13 && bytes[index] == 10 {
        return index + 1
    }
    return nil
}
