import DequeModule
@testable import ExchangeKit
import Foundation
import Testing

@Suite("Event buffer policies")
struct EventBufferTests {
    func ticker(_ symbol: String, _ bid: Int) -> StreamEvent {
        StreamEvent(venue: "v", symbol: symbol, receiveTime: .now(), epoch: 1,
                    payload: .ticker(Ticker(symbol: symbol, bid: Decimal(bid), bidSize: 1, ask: Decimal(bid + 1), askSize: 1)))
    }
    func trade(_ id: Int) -> StreamEvent {
        StreamEvent(venue: "v", symbol: "X", receiveTime: .now(), epoch: 1,
                    payload: .trade(Trade(symbol: "X", price: 1, size: 1, side: .buy, tradeID: "\(id)")))
    }

    @Test("dropOldest keeps the newest events and reports exactly how many were dropped")
    func dropOldest() async throws {
        let buffer = EventBuffer(policy: BufferPolicy(capacity: 10, whenFull: .dropOldest))
        for id in 0..<25 { buffer.append(trade(id)) }
        await buffer.waitForSpace()  // never waits with dropOldest
        let events = try #require(try await buffer.next())
        guard case .dropped(let count) = events.first?.payload else {
            Issue.record("expected a dropped event first")
            return
        }
        #expect(count == 15)
        let ids = events.dropFirst().compactMap { if case .trade(let t) = $0.payload { t.tradeID } else { nil } }
        #expect(ids == (15..<25).map(String.init))
    }

    /// Trade ids of the trades among `events`.
    func tradeIDs(_ events: [StreamEvent]) -> [String] {
        events.compactMap { if case .trade(let t) = $0.payload { t.tradeID } else { nil } }
    }

    @Test("whole chunks (a socket read's events): order kept across chunks, dropOldest cuts through them exactly")
    func chunks() async throws {
        let buffer = EventBuffer(policy: BufferPolicy(capacity: 10, whenFull: .dropOldest))
        var chunk = Deque<StreamEvent>()
        for start in stride(from: 0, to: 24, by: 6) {
            for id in start..<(start + 6) { chunk.append(trade(id)) }
            buffer.append(moving: &chunk)
            #expect(chunk.isEmpty, "the chunk is handed over")
        }
        buffer.append(trade(24))
        let events = try #require(try await buffer.next())
        guard case .dropped(let count) = events.first?.payload else {
            Issue.record("expected a dropped event first")
            return
        }
        #expect(count == 15)
        #expect(tradeIDs(events) == (15..<25).map(String.init))

        let suspending = EventBuffer(policy: BufferPolicy(capacity: 100, whenFull: .suspend))
        for start in stride(from: 0, to: 30, by: 10) {
            for id in start..<(start + 10) { chunk.append(trade(id)) }
            suspending.append(moving: &chunk)
            suspending.append(ticker("A", start))
        }
        let all = try #require(try await suspending.next())
        #expect(tradeIDs(all) == (0..<30).map(String.init))
        #expect(all.count == 33)
    }

    @Test("conflate with chunks: a full queue still replaces tickers found in earlier chunks")
    func conflateChunks() async throws {
        let buffer = EventBuffer(policy: BufferPolicy(capacity: 4, whenFull: .conflate))
        var chunk: Deque<StreamEvent> = [ticker("A", 1), trade(1)]
        buffer.append(moving: &chunk)
        chunk = [ticker("B", 1), trade(2)]
        buffer.append(moving: &chunk)
        chunk = [ticker("A", 5), ticker("B", 6)]
        buffer.append(moving: &chunk)
        #expect(buffer.count == 4, "both tickers conflated in place, nothing beyond capacity")
        let events = try #require(try await buffer.next())
        let bids = events.compactMap { if case .ticker(let t) = $0.payload { "\($0.symbol ?? ""):\(t.bid)" } else { nil } }
        #expect(bids == ["A:5", "B:6"])
        #expect(tradeIDs(events) == ["1", "2"])
    }

    @Test("conflate replaces queued tickers of the same symbol and keeps trades")
    func conflate() async throws {
        let buffer = EventBuffer(policy: BufferPolicy(capacity: 3, whenFull: .conflate))
        buffer.append(ticker("A", 1))
        buffer.append(ticker("B", 1))
        buffer.append(trade(1))
        buffer.append(ticker("A", 2))   // full: replaces A's queued ticker
        buffer.append(ticker("B", 3))
        buffer.append(trade(2))         // not conflatable: queued beyond capacity; the producer must wait
        let events = try #require(try await buffer.next())
        #expect(events.count == 4)
        let bids = events.compactMap { if case .ticker(let t) = $0.payload { "\(t.symbol)\(t.bid)" } else { nil } }
        #expect(bids == ["A2", "B3"])
    }

    @Test("suspend makes the producer wait until the consumer takes events")
    func suspend() async throws {
        let buffer = EventBuffer(policy: BufferPolicy(capacity: 2, whenFull: .suspend))
        buffer.append(trade(1))
        buffer.append(trade(2))
        let producer = Task {
            await buffer.waitForSpace()
            buffer.append(trade(3))
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(buffer.count == 2, "the producer is still waiting")
        let backpressuring = buffer.isBackpressuring.load(ordering: .relaxed)
        #expect(backpressuring)
        let first = try #require(try await buffer.next())
        #expect(first.count == 2)
        await producer.value
        let second = try #require(try await buffer.next())
        #expect(second.count == 1)
    }

    @Test("finishing delivers what is queued, then the error")
    func finish() async throws {
        let buffer = EventBuffer(policy: BufferPolicy())
        buffer.append(trade(1))
        buffer.finish(throwing: ExchangeError.disconnected("gone"))
        let events = try await buffer.next()
        #expect(events?.count == 1)
        await #expect(throws: ExchangeError.self) { try await buffer.next() }
    }
}
