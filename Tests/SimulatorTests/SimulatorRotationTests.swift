import ExchangeKit
import KuCoinFutures
import Simulator
import Testing

@Suite("Simulator: connections rotated through the KuCoin Futures plugin lose and repeat nothing", .timeLimit(.minutes(1)))
struct SimulatorRotationTests {
    @Test("connectionLifetime: a successor takes over; trades and tickers go on without a gap or a repeat, the book by contiguous deltas")
    func rotation() async throws {
        let configuration = {
            var configuration = FeedConfiguration()
            configuration.connectionLifetime = .seconds(3)
            configuration.rotationLead = .seconds(1)
            configuration.tick = .milliseconds(20)
            return configuration
        }()
        let events = try await withSimulator { _, url in
            var events: [StreamEvent] = []
            var rotatedAt: Int?
            for try await event in try futures(url).stream([.trades("XBTUSDTM"), .ticker("XBTUSDTM"), .book("XBTUSDTM")],
                                                           configuration: configuration) {
                events.append(event)
                if event.payload.kind == "rotated" { rotatedAt = events.count }
                // Well past the switch: the successor's own frames, after any repeats it had to drop.
                if let rotatedAt, events.count - rotatedAt >= 300 { break }
            }
            return events
        }
        #expect(events.filter { $0.payload.kind == "rotated" }.count == 1)
        let (snapshots, steps) = try replayBook(events, subscriptions: 3)
        #expect(snapshots == 1 && steps.allSatisfy { $0 == 1 }, "the book continues by contiguous deltas across the rotation")
        let trades = events.compactMap { if case .trade(let trade) = $0.payload { trade.sequence } else { nil } }
        #expect(trades.count > 20 && zip(trades, trades.dropFirst()).allSatisfy { $1 == $0 + 1 }, "every trade once")
        let tickers = events.compactMap { if case .ticker(let ticker) = $0.payload { ticker.sequence } else { nil } }
        #expect(zip(tickers, tickers.dropFirst()).allSatisfy { $1 > $0 }, "no ticker repeated or out of order")
        let rotation = try #require(events.firstIndex { $0.payload.kind == "rotated" })
        #expect(events[rotation...].contains { $0.payload.kind == "trade" && $0.epoch == 2 })
        #expect(events[..<rotation].filter(\.isData).allSatisfy { $0.epoch == 1 })
    }
}
