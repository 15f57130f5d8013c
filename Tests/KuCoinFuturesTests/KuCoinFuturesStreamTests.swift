import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinCore
import KuCoinFutures
import Synchronization
import Testing

/// The venue side of KuCoin's WebSocket protocol: welcome, ack every subscribe, pong every ping.
func kucoinScript(_ connection: ScriptedWebSocketConnection, welcome: Bool = true) async {
    do {
        if welcome { try await connection.send(text: #"{"id":"\#(connection.request.queryValue("connectId") ?? "")","type":"welcome"}"#) }
        while true {
            let text = try await connection.nextText(timeout: .seconds(120))
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let id = object["id"] as? String, let type = object["type"] as? String else { continue }
            if type == "ping" { try await connection.send(text: #"{"id":"\#(id)","type":"pong","timestamp":1731898619520000}"#) }
            if type == "subscribe" || type == "unsubscribe" { try await connection.send(text: #"{"id":"\#(id)","type":"ack"}"#) }
        }
    } catch {}
}

@Suite("KuCoin Futures streams against scripted servers", .timeLimit(.minutes(1)))
struct KuCoinFuturesStreamTests {
    /// Hands out bullets pointing at the scripted WebSocket server, a new token each time.
    final class Bullets: Sendable {
        let tokens = Mutex<[String]>([])
        func install(on http: ScriptedHTTPServer, ws: String, pingInterval: Int = 200) {
            for path in ["/api/v1/bullet-public", "/api/v1/bullet-private"] {
                http.route("POST", path) { request in
                    let token = self.tokens.withLock { tokens -> String in
                        tokens.append("token-\(tokens.count + 1)")
                        return tokens.last!
                    }
                    return .json(#"{"code":"200000","data":{"token":"\#(token)","instanceServers":[{"endpoint":"\#(ws)/","encrypt":false,"protocol":"websocket","pingInterval":\#(pingInterval),"pingTimeout":1000}]}}"#)
                }
            }
        }
    }

    @Test("bullet → dial → welcome → subscribe → ack → data → reconnect with a new token")
    func fullFlow() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                let bullets = Bullets()
                bullets.install(on: http, ws: ws.url)
                ws.onConnection { await kucoinScript($0) }
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
    static func level2(_ sequence: Int64, _ change: String) -> String {
        #"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message","subject":"level2","sn":\#(sequence),"data":{"sequence":\#(sequence),"change":"\#(change)","timestamp":1731897467182}}"#
    }

    static func snapshot(_ sequence: Int64, bids: String, asks: String) -> String {
        #"{"code":"200000","data":{"sequence":\#(sequence),"symbol":"XBTUSDTM","bids":\#(bids),"asks":\#(asks),"ts":1729168101216000000}}"#
    }

    @Test("level2 deltas sync against the REST snapshot; a gap resyncs; a reconnect leaves no ghost levels")
    func bookSync() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                let bullets = KuCoinFuturesStreamTests.Bullets()
                bullets.install(on: http, ws: ws.url, pingInterval: 5000)
                ws.onConnection { await kucoinScript($0) }
                let snapshots = Mutex<[String]>([
                    Self.snapshot(100, bids: "[[90000,5],[89999.5,1]]", asks: "[[90000.5,3]]"),
                    Self.snapshot(105, bids: "[[90000,5]]", asks: "[[90000.5,2],[90001,1]]"),
                    Self.snapshot(300, bids: "[[89000,1]]", asks: "[[89001,1]]"),
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
                    try await first.sendBatch([Self.level2(101, "89999.5,buy,0"), Self.level2(102, "90001,sell,4")])
                    try await until { if case .book(let u) = $0.payload { u.sequence == 102 } else { false } }
                    #expect(book.bids() == [PriceLevel(price: 90000, size: 5)])
                    #expect(book.asks() == [PriceLevel(price: dec("90000.5"), size: 3), PriceLevel(price: 90001, size: 4)])
                    // 103 and 104 never come: a gap, and the next snapshot (105) takes over.
                    try await first.sendBatch([Self.level2(105, "90000.5,sell,2"), Self.level2(106, "90000,buy,6")])
                    try await until { if case .book(let u) = $0.payload { u.sequence == 106 } else { false } }
                    #expect(kinds.contains("gap") && kinds.contains("resynced"))
                    #expect(book.bids() == [PriceLevel(price: 90000, size: 6)])
                    #expect(book.asks() == [PriceLevel(price: dec("90000.5"), size: 2), PriceLevel(price: 90001, size: 1)])
                    // A reconnect: the new book is the new snapshot plus later deltas, nothing from before.
                    first.abort()
                    let second = try await ws.waitForConnections(2)[1]
                    try await until { if case .book(let u) = $0.payload { u.action == .snapshot && u.sequence == 300 } else { false } }
                    try await second.send(text: Self.level2(301, "89000.5,sell,7"))
                    try await until { if case .book(let u) = $0.payload { u.sequence == 301 } else { false } }
                    #expect(book.bids() == [PriceLevel(price: 89000, size: 1)])
                    #expect(book.asks() == [PriceLevel(price: dec("89000.5"), size: 7), PriceLevel(price: 89001, size: 1)])
                    group.cancelAll()
                }
            }
        }
    }
}
