import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinCore
import KuCoinFutures
import KuCoinTestSupport
import Synchronization
import Testing

@Suite("KuCoin Futures streams against scripted servers", .timeLimit(.minutes(1)))
struct KuCoinFuturesStreamTests {
    @Test("bullet → dial → welcome → subscribe → ack → data → reconnect with a new token")
    func fullFlow() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                KuCoinBullets().install(on: http, ws: ws.url, pingInterval: 200, pingTimeout: 1000)
                ws.onConnection { await kucoinServer($0) }
                let futures = try KC.futures(http)
                var configuration = FeedConfiguration()
                configuration.reconnect = ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100))
                let feed = FeedStream(venue: futures.streamVenue, subscriptions: [.trades("XBTUSDTM"), .orders()], configuration: configuration)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await feed.run() }
                    var events = feed.events.makeAsyncIterator()
                    func next(_ kind: String) async throws -> StreamEvent {
                        while let event = try await events.next() { if event.payload.kind == kind { return event } }
                        throw CancellationError()
                    }
                    // One public and one private connection: the private one used bullet-private, signed.
                    let connections = try await ws.waitForConnections(2)
                    var found: ScriptedWebSocketConnection?
                    for connection in connections where try await connection.waitForText(count: 1)[0].contains("execution") {
                        found = connection
                    }
                    let publicConnection = try #require(found)
                    let subscribe = try JSONSerialization.jsonObject(with: Data(try await publicConnection.waitForText(count: 1)[0].utf8)) as! [String: Any]
                    #expect(subscribe["type"] as? String == "subscribe" && subscribe["topic"] as? String == "/contractMarket/execution:XBTUSDTM")
                    #expect(subscribe["privateChannel"] as? Bool == false && subscribe["response"] as? Bool == true && subscribe["id"] is String)
                    #expect(publicConnection.request.queryValue("connectId")?.isEmpty == false)
                    let privateBullet = try #require(http.requests(path: "/api/v1/bullet-private").first)
                    #expect(KC.isSigned(privateBullet))
                    #expect(http.requests(path: "/api/v1/bullet-public").first?.header("KC-API-SIGN") == nil)

                    _ = try await next("subscribed")
                    try await publicConnection.send(text: try Fixture.text("ws/execution.json", in: .module))
                    let tradeEvent = try await next("trade")
                    guard case .trade(let trade) = tradeEvent.payload else { return }
                    #expect(trade.price == dec("90503.9") && trade.size == 2 && trade.side == .buy && trade.tradeID == "1794100537695")
                    #expect(tradeEvent.epoch == 1 && tradeEvent.venue == "kucoin-futures")

                    // The heartbeat: KuCoin JSON pings at the bullet's interval.
                    let pings = try await publicConnection.waitForText { $0.contains(#""type":"ping""#) }
                    #expect(pings.contains { $0.contains(#""type":"ping""#) })

                    publicConnection.abort()
                    let third = try await ws.waitForConnections(3)[2]
                    let resubscribe = try await third.waitForText(count: 1)
                    #expect(resubscribe[0].contains("/contractMarket/execution:XBTUSDTM"))
                    let tokens = ws.dials.compactMap { $0.queryValue("token") }
                    #expect(Set(tokens).count == tokens.count, "every dial used a fresh token: \(tokens)")
                    group.cancelAll()
                }
            }
        }
    }
}

@Suite("KuCoin Futures book synchronisation over scripted servers", .timeLimit(.minutes(1)))
struct KuCoinFuturesBookTests {
    @Test("level2 deltas sync against the REST snapshot; a gap resyncs; a reconnect leaves no ghost levels")
    func bookSync() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                KuCoinBullets().install(on: http, ws: ws.url, pingInterval: 5000, pingTimeout: 1000)
                ws.onConnection { await kucoinServer($0) }
                let snapshots = Mutex<[String]>([
                    KuCoinFuturesFrames.snapshotReply(100, bids: "[[90000,5],[89999.5,1]]", asks: "[[90000.5,3]]"),
                    KuCoinFuturesFrames.snapshotReply(105, bids: "[[90000,5]]", asks: "[[90000.5,2],[90001,1]]"),
                    KuCoinFuturesFrames.snapshotReply(300, bids: "[[89000,1]]", asks: "[[89001,1]]"),
                ])
                http.route("GET", "/api/v1/level2/snapshot") { _ in
                    .json(snapshots.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] })
                }
                let futures = try KC.futures(http, credentials: nil)
                var configuration = FeedConfiguration()
                configuration.reconnect = ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100))
                configuration.snapshotRetryDelay = .milliseconds(20)
                let feed = FeedStream(venue: futures.streamVenue, subscriptions: [.book("XBTUSDTM")], configuration: configuration)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await feed.run() }
                    var events = feed.events.makeAsyncIterator()
                    var book = OrderBook(symbol: "XBTUSDTM")
                    var kinds: [String] = []
                    func until(_ condition: (StreamEvent) -> Bool) async throws {
                        while let event = try await events.next() {
                            kinds.append(event.payload.kind)
                            if case .book(let update) = event.payload { try book.apply(update) }
                            if condition(event) { return }
                        }
                    }
                    let first = try await ws.waitForConnections(1)[0]
                    try await until { if case .book(let u) = $0.payload { u.action == .snapshot } else { false } }
                    #expect(book.sequence == 100)
                    try await first.sendBatch([KuCoinFuturesFrames.level2(101, "89999.5,buy,0"), KuCoinFuturesFrames.level2(102, "90001,sell,4")])
                    try await until { if case .book(let u) = $0.payload { u.sequence == 102 } else { false } }
                    #expect(book.bids() == [PriceLevel(price: 90000, size: 5)])
                    #expect(book.asks() == [PriceLevel(price: dec("90000.5"), size: 3), PriceLevel(price: 90001, size: 4)])
                    // 103 and 104 never come: a gap, and the next snapshot (105) takes over.
                    try await first.sendBatch([KuCoinFuturesFrames.level2(105, "90000.5,sell,2"), KuCoinFuturesFrames.level2(106, "90000,buy,6")])
                    try await until { if case .book(let u) = $0.payload { u.sequence == 106 } else { false } }
                    #expect(kinds.contains("gap") && kinds.contains("resynced"))
                    #expect(book.bids() == [PriceLevel(price: 90000, size: 6)])
                    #expect(book.asks() == [PriceLevel(price: dec("90000.5"), size: 2), PriceLevel(price: 90001, size: 1)])
                    // A reconnect: the new book is the new snapshot plus later deltas, nothing from before.
                    first.abort()
                    let second = try await ws.waitForConnections(2)[1]
                    try await until { if case .book(let u) = $0.payload { u.action == .snapshot && u.sequence == 300 } else { false } }
                    try await second.send(text: KuCoinFuturesFrames.level2(301, "89000.5,sell,7"))
                    try await until { if case .book(let u) = $0.payload { u.sequence == 301 } else { false } }
                    #expect(book.bids() == [PriceLevel(price: 89000, size: 1)])
                    #expect(book.asks() == [PriceLevel(price: dec("89000.5"), size: 7), PriceLevel(price: 89001, size: 1)])
                    group.cancelAll()
                }
            }
        }
    }
}
