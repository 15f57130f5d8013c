import Crypto
import Foundation
import NIOCore
@testable import Simulator
import Testing

@Suite("The simulator's market frames written as bytes, framed for the wire")
struct SimulatorWireBytesTests {
    /// The frames of 20,000 steps of seed 42's market and a few taker orders, one per line.
    static func frames(symbol: String) -> String {
        var market = SimMarket(contract: .named(symbol), seed: 42)
        var events: [MarketEvent] = []
        for step in 0..<20_000 {
            market.step(time: 1_764_115_200_000_000_000 + Int64(step) * 1_000, into: &events)
            if step % 1_000 == 0 { _ = market.take(step % 2000 == 0 ? .buy : .sell, lots: 900, limit: nil, time: 5, into: &events) }
        }
        return events.map { KuCoinWire.frame($0, contract: market.contract) }.joined(separator: "\n")
    }

    @Test("the same text as before frames were written as bytes: the digest of 20,000 steps' frames", arguments: [
        ("XBTUSDTM", "79b5fd1bdf77e152d724078d55737feaafd02928241491e18c7e7713b523e896"),
        ("SOLUSDTM", "a58739a31364570e1e7efef3a2def3c0150bdd281683669a3341660d70aa2087"),
    ])
    func golden(symbol: String, digest: String) {
        let text = Self.frames(symbol: symbol)
        let actual = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(actual == digest, "\(symbol): \(text.prefix(600))")
    }

    /// The frames of a batch, read back as a client would: (opcode, payload) in order.
    static func parse(_ frames: SimFrames) -> [(opcode: UInt8, payload: String)] {
        var bytes = frames.bytes
        var parsed: [(UInt8, String)] = []
        while bytes.readableBytes > 0 {
            let first = bytes.readInteger(as: UInt8.self)!
            let second = bytes.readInteger(as: UInt8.self)!
            #expect(first & 0x80 != 0 && second & 0x80 == 0, "final, unmasked")
            var length = Int(second & 0x7F)
            if length == 126 {
                length = Int(bytes.readInteger(as: UInt16.self)!)
                #expect(length >= 126, "the shortest length form")
            } else if length == 127 {
                length = Int(bytes.readInteger(as: UInt64.self)!)
                #expect(length > 0xFFFF, "the shortest length form")
            }
            parsed.append((first & 0x0F, bytes.readString(length: length)!))
        }
        return parsed
    }

    @Test("frames of every length form read back; a prefix cuts at a frame; a truncated copy is half the payload")
    func framing() {
        let texts = ["{}", String(repeating: "a", count: 125), String(repeating: "b", count: 126), String(repeating: "c", count: 70_000)]
        var frames = SimFrames()
        for text in texts { frames.append(text) }
        // The same payloads written through the reserve-then-fix-the-header path.
        for text in texts { frames.appendFrame(maximumSize: text.utf8.count) { $0.write(string: text) } }
        #expect(frames.count == 8)
        let parsed = Self.parse(frames)
        #expect(parsed.map(\.payload) == texts + texts && parsed.allSatisfy { $0.opcode == 1 })
        #expect(Self.parse(frames.prefix(3)).map(\.payload) == Array(texts.prefix(3)) && frames.prefix(3).count == 3)
        #expect(frames.prefix(0).isEmpty && frames.prefix(99).count == 8)

        var faulty = SimFrames()
        let start = faulty.appendFrame(maximumSize: 64) { $0.write(string: #"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message"}"#) }
        faulty.appendTruncatedCopy(ofFrameAt: start)
        faulty.append(framed: faulty.frame(at: start), frames: 1)
        #expect(Self.parse(faulty).map(\.payload) == [#"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message"}"#,
                                                      #"{"topic":"/contractMarket/leve"#,
                                                      #"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message"}"#])
        faulty.removeFrames(from: start, count: 3)
        #expect(faulty.isEmpty && faulty.bytes.readableBytes == 0)
    }

    @Test("a connection gets the whole tick shared when it wants every topic in it, else its topics' frames in order")
    func publicationFilter() {
        var publication = SimPublication(capacity: 1024, topicCount: 3)
        for (index, topic) in [0, 1, 1, 2, 0].enumerated() {
            publication.frames.append("frame \(index)")
            publication.record(topic)
        }
        let all = publication.frames(for: [true, true, true])
        #expect(all.count == 5 && Self.parse(all).map(\.payload) == (0..<5).map { "frame \($0)" })
        let some = publication.frames(for: [true, false, true])
        #expect(some.count == 3 && Self.parse(some).map(\.payload) == ["frame 0", "frame 3", "frame 4"])
        #expect(publication.frames(for: [false, false, false]).isEmpty)
    }

    @Test("an ack is queued with its topics' registration: it precedes their first data frame, on the same queue")
    func ackBeforeData() async throws {
        let exchange = SimExchange(configuration: SimulatorConfiguration())
        let (id, frames, _) = exchange.addFeed(isPrivate: false)
        exchange.subscribe(id, topics: ["/contractMarket/execution:XBTUSDTM", "/contractMarket/level2:XBTUSDTM"], ack: KuCoinWire.ack("a1"))
        exchange.tick()
        exchange.removeFeed(id)
        var payloads: [String] = []
        for await batch in frames { payloads += Self.parse(batch).map(\.payload) }
        #expect(payloads.first == KuCoinWire.ack("a1"))
        #expect(payloads.dropFirst().contains { $0.contains("/contractMarket/level2:XBTUSDTM") }, "the tick's data follows the ack")
    }

    @Test("a connection more than 64 MiB behind is cut off: one that does not read cannot grow the simulator's memory without bound")
    func backlog() async {
        let exchange = SimExchange(configuration: SimulatorConfiguration())
        let (id, frames, _) = exchange.addFeed(isPrivate: false)
        var batch = SimFrames(capacity: (1 << 20) + 10)
        batch.append(String(repeating: "x", count: 1 << 20))
        let cutOff = exchange.state.withLock { state in
            for _ in 0..<100 { SimExchange.deliver(batch, to: id, in: &state) }
            return state.feeds[id] == nil
        }
        #expect(cutOff)
        var received = 0
        for await _ in frames { received += 1 }
        #expect(received == 63, "63 batches of 1 MiB and 10 bytes fit in 64 MiB; the 64th is refused and the stream ends")
    }
}
