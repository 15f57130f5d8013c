import Crypto
import Foundation
import NIOCore
import Testing

@testable import ExchangeKit

/// A server frame (unmasked unless a mask is given), as the wire carries it.
private func serverFrame(_ opcode: UInt8, _ payload: [UInt8], fin: Bool = true, mask: UInt32? = nil) -> [UInt8] {
    var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode]
    let maskBit: UInt8 = mask == nil ? 0 : 0x80
    if payload.count < 126 {
        bytes.append(maskBit | UInt8(payload.count))
    } else if payload.count <= 0xFFFF {
        bytes.append(maskBit | 126)
        bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    } else {
        bytes.append(maskBit | 127)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((UInt64(payload.count) >> UInt64(shift)) & 0xFF)) }
    }
    guard let mask else { return bytes + payload }
    let key = WebSocketWire.maskBytes(mask)
    return bytes + key + payload.enumerated().map { $0.element ^ key[$0.offset & 3] }
}

/// Feeds `chunks` to a reader and returns what it delivered: opcode and payload text.
private func read(_ chunks: [[UInt8]], maximumFrameSize: Int = 1 << 20) throws -> [(WebSocketWire.Opcode, String)] {
    var reader = WebSocketFrameReader(maximumFrameSize: maximumFrameSize)
    var delivered: [(WebSocketWire.Opcode, String)] = []
    for chunk in chunks {
        try reader.read(ByteBuffer(bytes: chunk)) { opcode, payload in
            delivered.append((opcode, String(decoding: payload, as: UTF8.self)))
        }
    }
    return delivered
}

@Suite("WebSocket transport: framing read in place, and the upgrade")
struct WebSocketTransportTests {
    /// A stream mixing every length encoding, control frames, a fragmented and a masked message.
    static let stream: [UInt8] = {
        var bytes: [UInt8] = []
        bytes += serverFrame(0x1, Array(#"{"type":"welcome"}"#.utf8))
        bytes += serverFrame(0x9, Array("ping!".utf8))
        bytes += serverFrame(0x1, Array(String(repeating: "a", count: 125).utf8))
        bytes += serverFrame(0x1, Array(String(repeating: "b", count: 126).utf8))
        bytes += serverFrame(0x1, Array(String(repeating: "c", count: 70_000).utf8))
        bytes += serverFrame(0x1, Array("frag-".utf8), fin: false)
        bytes += serverFrame(0xA, [])
        bytes += serverFrame(0x0, Array("ment".utf8), fin: false)
        bytes += serverFrame(0x0, Array("ed".utf8))
        bytes += serverFrame(0x1, Array("masked by a bad server".utf8), mask: 0xA1B2_C3D4)
        bytes += serverFrame(0x1, [])
        bytes += serverFrame(0x8, [0x03, 0xE9] + Array("going away".utf8))
        return bytes
    }()

    static let expected: [(WebSocketWire.Opcode, String)] = [
        (.text, #"{"type":"welcome"}"#), (.ping, "ping!"), (.text, String(repeating: "a", count: 125)),
        (.text, String(repeating: "b", count: 126)), (.text, String(repeating: "c", count: 70_000)),
        (.pong, ""), (.text, "frag-mented"), (.text, "masked by a bad server"), (.text, ""),
        (.close, String(decoding: [0x03, 0xE9] + Array("going away".utf8), as: UTF8.self)),
    ]

    /// Whether two deliveries agree (a Bool, so a failure does not print 70 KB payloads).
    static func same(_ a: [(WebSocketWire.Opcode, String)], _ b: [(WebSocketWire.Opcode, String)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    @Test("one read holding every kind of frame delivers each, in order, with its exact payload")
    func wholeStream() throws {
        let delivered = try read([Self.stream])
        #expect(delivered.count == Self.expected.count)
        let same = Self.same(delivered, Self.expected)
        #expect(same, "\(delivered.map { "\($0.0) \($0.1.utf8.count)" })")
    }

    @Test("cut in two at every byte, the stream reads the same")
    func everySplit() throws {
        // The 70,000-byte frame makes every split slow; check all cuts of a stream without it, and
        // cuts around that frame's header and payload boundaries.
        var withoutBig: [UInt8] = []
        withoutBig += serverFrame(0x1, Array(#"{"type":"welcome"}"#.utf8))
        withoutBig += serverFrame(0x9, Array("ping!".utf8))
        withoutBig += serverFrame(0x1, Array(String(repeating: "b", count: 300).utf8))
        withoutBig += serverFrame(0x1, Array("frag-".utf8), fin: false)
        withoutBig += serverFrame(0x0, Array("ment".utf8))
        withoutBig += serverFrame(0x1, Array("masked".utf8), mask: 0x0102_0304)
        let expected = try read([withoutBig])
        #expect(expected.count == 5)
        for cut in 0...withoutBig.count {
            let delivered = try read([Array(withoutBig[..<cut]), Array(withoutBig[cut...])])
            let same = Self.same(delivered, expected)
            #expect(same, "cut at \(cut)")
        }
        let bigStart = 18 + 2 + 7 + 127 + 130
        for cut in [bigStart, bigStart + 1, bigStart + 5, bigStart + 9, bigStart + 10, bigStart + 11, bigStart + 40_000] {
            let delivered = try read([Array(Self.stream[..<cut]), Array(Self.stream[cut...])])
            let same = Self.same(delivered, Self.expected)
            #expect(same, "cut at \(cut): \(delivered.map { "\($0.0) \($0.1.utf8.count)" })")
        }
    }

    @Test("fed one byte per read, the stream reads the same")
    func bytewise() throws {
        var stream: [UInt8] = []
        stream += serverFrame(0x1, Array("one".utf8))
        stream += serverFrame(0x1, Array(String(repeating: "x", count: 200).utf8))
        stream += serverFrame(0x1, Array("two".utf8), fin: false)
        stream += serverFrame(0x0, Array("!".utf8))
        let delivered = try read(stream.map { [$0] })
        #expect(Self.same(delivered, [(.text, "one"), (.text, String(repeating: "x", count: 200)), (.text, "two!")]))
    }

    @Test("broken framing is a protocol violation naming the problem, never a crash")
    func violations() throws {
        let cases: [([UInt8], String)] = [
            ([0xC1, 0x00], "reserved bits"),
            ([0x83, 0x00], "unknown WebSocket opcode 3"),
            (serverFrame(0x9, Array(repeating: 1, count: 126)), "control frame"),
            (serverFrame(0x9, [], fin: false), "control frame"),
            (serverFrame(0x0, Array("x".utf8)), "continuation frame without a message"),
            (serverFrame(0x1, Array("a".utf8), fin: false) + serverFrame(0x1, Array("b".utf8)), "began before a fragmented one ended"),
            (serverFrame(0x1, Array(repeating: 65, count: 2_000)), "larger than the limit of 1000"),
            ([0x81, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "larger than the limit"),
            (serverFrame(0x1, Array(repeating: 65, count: 600), fin: false) + serverFrame(0x0, Array(repeating: 66, count: 600)),
             "fragmented message larger than 1000"),
        ]
        for (bytes, message) in cases {
            #expect {
                _ = try read([bytes], maximumFrameSize: 1_000)
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }

    @Test("client frames are masked, and unmask to their payload at every length encoding")
    func clientFrames() throws {
        for length in [0, 5, 125, 126, 65_535, 65_536] {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7) }
            let frame = WebSocketWire.clientFrame(.binary, payload: payload, allocator: ByteBufferAllocator(), mask: 0xDEAD_BEEF)
            let header = try frame.withUnsafeReadableBytes { try WebSocketWire.parse($0, at: 0, maximumFrameSize: 1 << 20) }
            guard case .frame(let parsed) = header else {
                Issue.record("length \(length): not a whole frame")
                continue
            }
            #expect(parsed.mask == 0xDEAD_BEEF && parsed.fin && parsed.opcode == .binary && parsed.payloadLength == length)
            #expect(parsed.frameLength == frame.readableBytes)
            var body = Array(frame.readableBytesView.dropFirst(parsed.payloadOffset))
            if length > 3 { #expect(body != payload, "masked on the wire") }
            body.withUnsafeMutableBytes { WebSocketWire.applyMask(0xDEAD_BEEF, to: $0) }
            #expect(body == payload)
        }
    }

    @Test("the upgrade answer is checked: status, Upgrade header, Sec-WebSocket-Accept, no unoffered extension")
    func upgradeCheck() throws {
        let key = "dGhlIHNhbXBsZSBub25jZQ=="
        // RFC 6455 section 1.3's own example.
        let accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        let good = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n\r\n"
        try WebSocketTransport.check(good, key: key)
        try WebSocketTransport.check(good.replacingOccurrences(of: "Upgrade: websocket", with: "upgrade:   WebSocket"), key: key)
        let refusals: [(String, String)] = [
            ("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n", "upgrade refused: HTTP 401 Unauthorized"),
            ("SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP response"),
            (good.replacingOccurrences(of: accept, with: "AAAA"), "Sec-WebSocket-Accept does not match"),
            (good.replacingOccurrences(of: "Upgrade: websocket\r\n", with: ""), "no `Upgrade: websocket`"),
            (good.replacingOccurrences(of: "\r\n\r\n", with: "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"), "extension"),
        ]
        for (head, message) in refusals {
            #expect { try WebSocketTransport.check(head, key: key) } throws: { "\($0)".contains(message) }
        }
    }

    @Test("URLs: ports, default ports, paths with queries, IPv6 hosts; other schemes refused without quoting the URL")
    func targets() throws {
        let plain = try WebSocketTransport.target(of: "ws://127.0.0.1:8282/?token=abc&connectId=1")
        #expect(plain == .init(host: "127.0.0.1", port: 8282, useTLS: false, requestTarget: "/?token=abc&connectId=1", hostHeader: "127.0.0.1:8282"))
        let tls = try WebSocketTransport.target(of: "wss://ws-api-futures.kucoin.com/endpoint?token=t%2B1")
        #expect(tls == .init(host: "ws-api-futures.kucoin.com", port: 443, useTLS: true, requestTarget: "/endpoint?token=t%2B1",
                             hostHeader: "ws-api-futures.kucoin.com"))
        let bare = try WebSocketTransport.target(of: "ws://[::1]:9000")
        #expect(bare.host == "::1" && bare.requestTarget == "/" && bare.hostHeader == "[::1]:9000")
        #expect { try WebSocketTransport.target(of: "https://example.com/?token=secret") } throws: {
            "\($0)".contains("scheme https") && !"\($0)".contains("secret")
        }
    }
}
