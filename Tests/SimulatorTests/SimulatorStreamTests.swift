import ExchangeKit
import Foundation
import KuCoinFutures
@testable import Simulator
import Testing
import WSClient
import Logging

@Suite("Simulator streams through the KuCoin Futures plugin", .timeLimit(.minutes(1)))
struct SimulatorStreamTests {
    @Test("trades, tickers and a book kept in sync: contiguous deltas, never crossed, no gap")
    func stream() async throws {
        let events = try await withSimulator { _, url in
            try await collect(from: try futures(url).stream([.trades("XBTUSDTM"), .ticker("XBTUSDTM"), .book("XBTUSDTM")]))
        }
        let (snapshots, steps) = try replayBook(events, subscriptions: 3)
        #expect(snapshots == 1 && !steps.isEmpty)
        #expect(steps.allSatisfy { $0 == 1 }, "deltas are contiguous")
        for event in events {
            switch event.payload {
            case .trade(let trade):
                #expect(trade.symbol == "XBTUSDTM" && trade.size > 0 && trade.price > 80_000 && trade.price < 100_000)
            case .ticker(let ticker):
                #expect(ticker.bid < ticker.ask)
            default:
                continue
            }
        }
    }

    @Test("top-5 and top-50 book topics arrive as snapshots of that depth")
    func depth() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            var depths: Set<Int> = []
            for try await event in client.stream([.book("ETHUSDTM", depth: 5), .book("ETHUSDTM", depth: 50)]) {
                if case .book(let update) = event.payload {
                    let depth = update.depth ?? 0
                    #expect(update.action == .snapshot && (5...depth).contains(update.bids.count) && (5...depth).contains(update.asks.count))
                    #expect(update.bids.first!.price < update.asks.first!.price)
                    depths.insert(update.depth ?? 0)
                }
                if depths.count == 2 { break }
            }
            #expect(depths == [5, 50])
        }
    }

    @Test("an expired or unknown token is refused on dial with KuCoin's error frame")
    func expiredToken() async throws {
        try await withSimulator({ $0.tokenLifetime = .milliseconds(1) }) { simulator, url in
            let token = simulator.exchange.issueToken(isPrivate: false)
            try await Task.sleep(for: .milliseconds(20))
            let port = url.split(separator: ":").last!
            for (query, reason) in [("token=\(token)", "token is expired"), ("token=forged", "token is invalid")] {
                let received = Received()
                // Only the first frame matters; the client is cancelled after it (WSClient may wait long on a close).
                let client = Task {
                    _ = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/?\(query)&connectId=c1", logger: Logger(label: "test")) { inbound, _, _ in
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            if case .text(let text) = message { received.append(text) }
                        }
                    }
                }
                for _ in 0..<1_500 where received.texts.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(50))
                client.cancel()
                let frames = received.texts
                #expect(frames.count == 1 && frames[0].contains(#""type":"error""#) && frames[0].contains(reason) && frames[0].contains("401"), "\(frames)")
            }
        }
    }

    @Test("the same seed gives the same market, event for event")
    func determinism() {
        func events(seed: UInt64) -> [String] {
            var market = SimMarket(contract: .named("XBTUSDTM"), seed: seed)
            var events: [MarketEvent] = []
            for _ in 0..<2_000 { market.step(time: 1, into: &events) }
            return events.map { KuCoinWire.frame($0, contract: market.contract) }
        }
        let first = events(seed: 42)
        #expect(first == events(seed: 42))
        #expect(first != events(seed: 43))
        #expect(first.count >= 2_000)
    }

    @Test("a long walk never crosses the book and keeps both sides stocked")
    func walk() {
        var market = SimMarket(contract: .named("XBTUSDTM"), seed: 7)
        var events: [MarketEvent] = []
        for step in 0..<50_000 {
            market.step(time: Int64(step), into: &events)
            if step % 500 == 0 {
                let bid = market.bestBid!.ticks
                let ask = market.bestAsk!.ticks
                #expect(bid < ask && market.bids.count >= 5 && market.asks.count >= 5)
            }
        }
        // The book's sequence counts every level change, and only those.
        var levels = 0
        for event in events {
            if case .level = event { levels += 1 }
        }
        #expect(market.sequence == 1_000 + Int64(levels))
    }
}

/// Events of a stream until it has given at least 20 trades, 20 tickers and 50 book updates.
func collect(from stream: RunningFeed) async throws -> [StreamEvent] {
    var events: [StreamEvent] = []
    var trades = 0, tickers = 0, books = 0
    for try await event in stream {
        events.append(event)
        switch event.payload {
        case .trade: trades += 1
        case .ticker: tickers += 1
        case .book: books += 1
        default: break
        }
        if trades >= 20 && tickers >= 20 && books >= 50 { break }
    }
    return events
}

/// Frames a WebSocket client received.
final class Received: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ text: String) { storage.withLock { $0.append(text) } }
    var texts: [String] { storage.withLock { $0 } }
}

import Synchronization
