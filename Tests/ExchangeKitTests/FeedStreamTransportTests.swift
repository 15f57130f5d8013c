import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

/// The stream core's own WebSocket client, seen from a scripted server: control frames, frames cut
/// across TCP writes, fragments, the close handshake.
@Suite("FeedStream's WebSocket client over loopback", .timeLimit(.minutes(1)))
struct FeedStreamTransportTests {
    @Test("a server ping is answered with a pong carrying the same payload")
    func answersPings() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            try await withFeed(TestStreamVenue(httpURL: http.baseURL), [.trades("A")]) { _, events in
                let connection = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "subscribed") { $0.count("subscribed") == 1 }
                try await connection.sendPing(Array("are you there?".utf8))
                let pongs = try await connection.waitForFrames(1, kind: .pong)
                #expect(pongs.map(\.bytes) == [Array("are you there?".utf8)])
            }
        }
    }

    @Test("a venue without a ping message of its own is kept alive with WebSocket pings")
    func webSocketPings() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            let venue = TestStreamVenue(httpURL: http.baseURL, heartbeat: Heartbeat(interval: .milliseconds(100), timeout: .seconds(3)),
                                        textPing: false)
            try await withFeed(venue, [.trades("A")]) { _, events in
                let connection = try await ws.waitForConnections(1)[0]
                let pings = try await connection.waitForFrames(3, kind: .ping)
                #expect(pings.count >= 3)
                #expect(!connection.receivedTexts.contains { $0.contains("\"ping\"") }, "no text pings")
                let seen = events.events
                #expect(seen.count("stale") == 0 && seen.count("disconnected") == 0)
            }
        }
    }

    @Test("frames cut anywhere across TCP writes, large frames and fragmented messages all arrive, in order")
    func cutFrames() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            // No ping while the pieces go out: the script's pong would land inside a cut frame (two
            // writers on one socket), and on a loaded machine the small writes below take seconds.
            let venue = TestStreamVenue(httpURL: http.baseURL, heartbeat: Heartbeat(interval: .seconds(120), timeout: .seconds(240)))
            try await withFeed(venue, [.trades("A")]) { _, events in
                let connection = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "subscribed") { $0.count("subscribed") == 1 }
                var bytes: [UInt8] = []
                for id in 1...40 { bytes += ScriptedWebSocketConnection.frame(text: trade("A", id: "\(id)")) }
                // A frame needing the 8-byte length (padded with spaces, which JSON allows).
                bytes += ScriptedWebSocketConnection.frame(text: trade("A", id: "41") + String(repeating: " ", count: 70_000))
                // A message in three fragments, with a ping between them.
                let fragmented = Array(trade("A", id: "42").utf8)
                bytes += ScriptedWebSocketConnection.frame(opcode: 0x1, fin: false, payload: Array(fragmented[..<10]))
                bytes += ScriptedWebSocketConnection.frame(opcode: 0x9, payload: Array("mid".utf8))
                bytes += ScriptedWebSocketConnection.frame(opcode: 0x0, fin: false, payload: Array(fragmented[10..<30]))
                bytes += ScriptedWebSocketConnection.frame(opcode: 0x0, payload: Array(fragmented[30...]))
                bytes += ScriptedWebSocketConnection.frame(text: trade("A", id: "43"))
                // Cut into uneven pieces: 1, 2, 3, … 15 bytes, then 7,001-byte pieces (which cut the
                // large frame's header from its payload and its payload in several places).
                var offset = 0
                var size = 1
                while offset < bytes.count {
                    let end = min(bytes.count, offset + (size <= 15 ? size : 7_001))
                    try await connection.sendRaw(Array(bytes[offset..<end]))
                    offset = end
                    size += 1
                }
                let seen = try await events.wait(for: "43 trades") { $0.trades.count == 43 }
                #expect(seen.trades.map(\.tradeID) == (1...43).map(String.init))
                #expect(seen.count("decode_failure") == 0 && seen.count("disconnected") == 0)
                let pongs = try await connection.waitForFrames(1, kind: .pong)
                #expect(pongs.first?.bytes == Array("mid".utf8))
            }
        }
    }

    @Test("the venue's close frame is echoed, and the disconnect names its code and reason")
    func closeHandshake() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            try await withFeed(TestStreamVenue(httpURL: http.baseURL), [.trades("A")]) { _, events in
                let first = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "subscribed") { $0.count("subscribed") == 1 }
                try await first.close(code: 4001, reason: "maintenance")
                let seen = try await events.wait(for: "reconnected") { $0.count("reconnected") == 1 }
                let reasons = seen.disconnectReasons
                #expect(reasons == ["closed by the venue: 4001 maintenance"])
                #expect(first.closeCodeFromClient == 4001)
            }
        }
    }

    @Test("a protocol violation ends the connection with a reason, and the stream reconnects")
    func protocolViolation() async throws {
        try await withStreamServers { http, ws, _ in
            ws.onConnection { await VenueScript().run($0) }
            try await withFeed(TestStreamVenue(httpURL: http.baseURL), [.trades("A")]) { _, events in
                let first = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "subscribed") { $0.count("subscribed") == 1 }
                try await first.sendRaw(ScriptedWebSocketConnection.frame(text: trade("A", id: "1")) + [0xC1, 0x00])
                let seen = try await events.wait(for: "reconnected") { $0.count("reconnected") == 1 }
                #expect(seen.trades.map(\.tradeID) == ["1"], "the frame before the violation is delivered")
                let reasons = seen.disconnectReasons
                #expect(reasons.count == 1 && reasons[0].hasPrefix("protocol error: reserved bits"))
            }
        }
    }
}
