import BinanceStub
import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

/// A scripted Binance stream server: reads the client's JSON requests and answers them by id.
enum BinanceServer {
    /// A client request as the server reads it.
    struct Request: Sendable {
        var method: String
        var params: [String]
        /// Binance's ids are unsigned integers; nil when the client sent anything else.
        var id: UInt64?
    }

    static func request(_ text: String) -> Request? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let method = object["method"] as? String else { return nil }
        let id = (object["id"] as? NSNumber).flatMap { $0 is Bool ? nil : UInt64(exactly: $0.doubleValue) }
        return Request(method: method, params: object["params"] as? [String] ?? [], id: id)
    }

    /// Binance's success reply: `null`, or the (empty) stream list for `LIST_SUBSCRIPTIONS`.
    static func ack(_ request: Request) -> String {
        #"{"result":\#(request.method == "LIST_SUBSCRIPTIONS" ? "[]" : "null"),"id":\#(request.id ?? 0)}"#
    }

    /// Answers every request with `answer`, then sends `then(request)`, until the connection ends.
    static func serve(_ connection: ScriptedWebSocketConnection, answer: @escaping @Sendable (Request) -> String = ack,
                      then frames: @escaping @Sendable (Request) -> [String] = { _ in [] }) async {
        do {
            while true {
                let text = try await connection.nextText(timeout: .seconds(120))
                guard let request = request(text) else { continue }
                try await connection.send(text: answer(request))
                let more = frames(request)
                if !more.isEmpty { try await connection.sendBatch(more) }
            }
        } catch {
            // The connection closed or the test ended.
        }
    }

    /// A diff-depth event for BTCUSDT in the combined envelope (shape of `ws/depth.diff.json`).
    static func depth(_ first: Int64, _ last: Int64, previous: Int64, bids: String = "[]", asks: String = "[]") -> String {
        #"{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1731897467183,"T":1731897467182,"s":"BTCUSDT","U":\#(first),"u":\#(last),"pu":\#(previous),"b":\#(bids),"a":\#(asks)}}"#
    }

    /// A REST depth answer (shape of `rest/depth.json`).
    static func snapshot(_ lastUpdateID: Int64, bids: String, asks: String) -> ScriptedResponse {
        .json(#"{"lastUpdateId":\#(lastUpdateID),"E":1729168101217,"T":1729168101216,"bids":\#(bids),"asks":\#(asks)}"#)
    }

    /// A user-data sample as the server sends it.
    static func sample(_ name: String) throws -> String { try BN.fixture("ws/\(name).json") }

    static let depthPath = "/fapi/v1/depth"
    static let listenKeyPath = "/fapi/v1/listenKey"

    /// Answers the next `POST /fapi/v1/listenKey` calls with `keys`, in order.
    static func issue(_ keys: [String], on http: ScriptedHTTPServer) {
        for key in keys { http.enqueue(.json(#"{"listenKey":"\#(key)"}"#), method: "POST", path: listenKeyPath) }
    }
}

extension Array where Element == StreamEvent {
    /// The subscriptions confirmed on connection epoch `epoch`.
    func subscribed(epoch: Int) -> [Subscription] {
        compactMap { if case .subscribed(let subscription) = $0.payload, $0.epoch == epoch { subscription } else { nil } }
    }
}

@Suite("Binance live connections against scripted servers", .timeLimit(.minutes(2)))
struct BinanceLiveStreamTests {
    static let firstKey = "listenKeyOne0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9T"
    static let secondKey = "listenKeyTwo9b3JGTOSPtW5HTmpDYeA0hmwlu0pQ3jae0KtDiqr4UcayprwF8SIU"

    @Test("diff depth: the first event straddles lastUpdateId, a pu mismatch is a gap, a new snapshot resyncs the book")
    func bookSync() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                http.enqueue(BinanceServer.snapshot(100, bids: #"[["90000.0","5"],["89999.5","1"]]"#, asks: #"[["90000.5","3"]]"#),
                             BinanceServer.snapshot(111, bids: #"[["90000.0","6"]]"#, asks: #"[["90000.5","2"],["90001.0","1"]]"#),
                             method: "GET", path: BinanceServer.depthPath)
                ws.onConnection { await BinanceServer.serve($0) }
                let venue = try BN.client(http, credentials: nil, wsURL: ws.url).streamVenue
                try await withFeed(venue, [.book("BTCUSDT")]) { _, events in
                    let connection = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
                    #expect(connection.request.path == "/public/stream")
                    let subscribe = try #require(BinanceServer.request(try await connection.waitForText(count: 1, timeout: .seconds(10))[0]))
                    #expect(subscribe.method == "SUBSCRIBE" && subscribe.params == ["btcusdt@depth@100ms"] && subscribe.id != nil)
                    _ = try await http.waitForRequests(1, timeout: .seconds(10))
                    let request = try #require(http.requests(path: BinanceServer.depthPath).first)
                    #expect(request.queryValue("symbol") == "BTCUSDT" && request.queryValue("limit") == "1000")

                    // U 95 ≤ 100 ≤ u 102: the first event applied; then one chained by pu 102.
                    try await connection.sendBatch([BinanceServer.depth(95, 102, previous: 94, bids: #"[["89999.5","0"]]"#),
                                                    BinanceServer.depth(103, 105, previous: 102, asks: #"[["90001.0","4"]]"#)])
                    let synced = try await events.wait(for: "the delta up to 105") { $0.bookUpdates.contains { $0.sequence == 105 } }
                    let before = try synced.book()
                    #expect(before.bids() == [PriceLevel(price: 90000, size: 5)])
                    #expect(before.asks() == [PriceLevel(price: dec("90000.5"), size: 3), PriceLevel(price: 90001, size: 4)])
                    #expect(synced.count("gap") == 0 && synced.count("resynced") == 0)

                    // pu 108 names an event that never came (the last applied ended at 105).
                    try await connection.sendBatch([BinanceServer.depth(110, 112, previous: 108, bids: #"[["90000.0","7"]]"#),
                                                    BinanceServer.depth(113, 114, previous: 112, asks: #"[["90000.5","0"]]"#)])
                    let seen = try await events.wait(for: "the delta up to 114, after the resync") { $0.bookUpdates.contains { $0.sequence == 114 } }
                    let gap = try #require(seen.firstIndex { if case .gap = $0.payload { true } else { false } })
                    if case .gap(let expected, let received) = seen[gap].payload { #expect(expected == 105 && received == 108) }
                    let resynced = try #require(seen.firstIndex { $0.payload.kind == "resynced" })
                    let second = try #require(seen.firstIndex { if case .book(let u) = $0.payload { u.action == .snapshot && u.sequence == 111 } else { false } })
                    #expect(gap < resynced && resynced < second)
                    #expect(http.requests(path: BinanceServer.depthPath).count == 2)
                    let after = try seen.book()
                    #expect(after.bids() == [PriceLevel(price: 90000, size: 7)])
                    #expect(after.asks() == [PriceLevel(price: 90001, size: 1)])
                    #expect(ws.connections.count == 1, "a gap resyncs the book, not the connection")
                }
            }
        }
    }

    @Test("live SUBSCRIBE/UNSUBSCRIBE with integer ids: an ack is subscribed, an error answer is subscriptionFailed")
    func liveSubscriptions() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                ws.onConnection { connection in
                    await BinanceServer.serve(connection, answer: { request in
                        request.params.contains("btcusdt@markPrice@1s")
                            ? #"{"error":{"code":2,"msg":"Invalid request: unknown stream"},"id":\#(request.id ?? 0)}"#
                            : BinanceServer.ack(request)
                    })
                }
                let venue = try BN.client(http, credentials: nil, wsURL: ws.url).streamVenue
                try await withFeed(venue, [.trades("BTCUSDT")]) { feed, events in
                    try await events.wait(for: "trades subscribed") { $0.subscribed(epoch: 1) == [.trades("BTCUSDT")] }
                    let connection = try await ws.waitForConnections(1)[0]
                    #expect(connection.request.path == "/market/stream")
                    try await connection.send(text: try BN.fixture("ws/combined.aggTrade.json"))
                    let trade = try #require(try await events.wait(for: "the trade") { !$0.trades.isEmpty }.trades.first)
                    #expect(trade.symbol == "BTCUSDT" && trade.tradeID == "5933014" && trade.price == dec("0.001") && trade.size == 100)

                    feed.subscribe([.markPrice("BTCUSDT")])
                    let failed = try await events.wait(for: "the refused subscription") { $0.count("subscription_failed") == 1 }
                    let refusal = try #require(failed.first { $0.payload.kind == "subscription_failed" })
                    if case .subscriptionFailed(let subscription, let reason) = refusal.payload {
                        #expect(subscription == .markPrice("BTCUSDT") && reason.contains("2") && reason.contains("Invalid request"))
                    }

                    feed.unsubscribe([.trades("BTCUSDT")])
                    let texts = try await connection.waitForText(count: 3, timeout: .seconds(10))
                    let requests = texts.compactMap(BinanceServer.request)
                    #expect(requests.map(\.method) == ["SUBSCRIBE", "SUBSCRIBE", "UNSUBSCRIBE"])
                    #expect(requests.map(\.params) == [["btcusdt@aggTrade"], ["btcusdt@markPrice@1s"], ["btcusdt@aggTrade"]])
                    let ids = requests.compactMap(\.id)
                    #expect(ids.count == 3 && Set(ids).count == 3, "every request has its own integer id: \(texts)")
                    #expect(texts.allSatisfy { $0.range(of: #""id":[0-9]+\}$"#, options: .regularExpression) != nil })
                    #expect(failed.count("disconnected") == 0 && ws.connections.count == 1)
                }
            }
        }
    }

    @Test("user data: a listenKey from REST, orders, positions and balances decoded, listenKeyExpired redials with a new key")
    func userDataStream() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                BinanceServer.issue([Self.firstKey, Self.secondKey], on: http)
                ws.onConnection { await BinanceServer.serve($0) }
                let venue = try BN.client(http, wsURL: ws.url).streamVenue
                let account: [Subscription] = [.orders(), .positions(), .balance()]
                try await withFeed(venue, account) { _, events in
                    let first = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
                    #expect(first.request.path == "/private/ws/\(Self.firstKey)")
                    try await events.wait(for: "the account channels") { Set($0.subscribed(epoch: 1)) == Set(account) }
                    let created = try #require(http.requests(path: BinanceServer.listenKeyPath).first)
                    #expect(created.method == "POST" && created.header("X-MBX-APIKEY") == BN.key && created.queryValue("signature") == nil)

                    try await first.sendBatch([try BinanceServer.sample("user.ORDER_TRADE_UPDATE"), try BinanceServer.sample("user.ACCOUNT_UPDATE")])
                    let data = try await events.wait(for: "the order, balances and positions") { $0.count("order") == 1 && $0.count("position") == 3 }
                    guard case .order(let update) = data.first(where: { $0.payload.kind == "order" })?.payload else { return }
                    #expect(update.order.orderID == "8886774" && update.order.clientOrderID == "TEST" && update.order.side == .sell)
                    let balances = data.compactMap { if case .balance(let balance) = $0.payload { balance } else { nil } }
                    #expect(balances.map(\.currency) == ["USDT", "BUSD"] && balances.first?.total == dec("122624.12345678"))
                    let positions = data.compactMap { if case .position(let position) = $0.payload { position } else { nil } }
                    #expect(positions.map(\.size) == [0, 20, -10] && positions[1].entryPrice == dec("6563.66500"))

                    try await first.send(text: try BinanceServer.sample("user.listenKeyExpired"))
                    let second = try await ws.waitForConnections(2, timeout: .seconds(10))[1]
                    #expect(second.request.path == "/private/ws/\(Self.secondKey)")
                    let again = try await events.wait(for: "the account channels again") { Set($0.subscribed(epoch: 2)) == Set(account) }
                    #expect(again.contains { $0.payload.kind == "reconnected" && $0.epoch == 2 })
                    #expect(again.disconnectReasons.contains { $0.contains("listenKey expired") })
                    #expect(!again.disconnectReasons.contains { $0.contains(Self.firstKey) })
                    #expect(http.requests(path: BinanceServer.listenKeyPath).filter { $0.method == "POST" }.count == 2)
                }
            }
        }
    }

    @Test("keepalive: PUT listenKey with the API key on schedule; a failure is retried, -1125 redials with a new key")
    func listenKeyKeepAlive() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                BinanceServer.issue([Self.firstKey, Self.secondKey], on: http)
                http.enqueue(.json(#"{"code":-1000,"msg":"An unknown error occurred while processing the request."}"#, status: 400),
                             .json(try BN.fixture("rest/listenKey.put.json")),
                             .json(#"{"code":-1125,"msg":"This listenKey does not exist."}"#, status: 400),
                             method: "PUT", path: BinanceServer.listenKeyPath)
                http.setFallback(.json(try BN.fixture("rest/listenKey.put.json")), method: "PUT", path: BinanceServer.listenKeyPath)
                ws.onConnection { await BinanceServer.serve($0) }
                let venue = try BN.client(http, wsURL: ws.url, options: ["listen_key_keepalive": "1"]).streamVenue
                #expect(venue.listenKeyKeepAlive == .seconds(1))
                try await withFeed(venue, [.orders()]) { _, events in
                    let first = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
                    #expect(first.request.path == "/private/ws/\(Self.firstKey)")
                    func puts() -> [RecordedRequest] { http.requests(path: BinanceServer.listenKeyPath).filter { $0.method == "PUT" } }
                    while puts().count < 2 { _ = try await http.waitForRequests(http.requests.count + 1, timeout: .seconds(20)) }
                    // The -1000 answer to the first PUT was logged and retried; the connection stayed.
                    let retried = puts()[1].receivedAt
                    #expect(ws.dials.filter { $0.receivedAt < retried }.count == 1)
                    #expect(http.requests(path: BinanceServer.listenKeyPath).filter { $0.method == "POST" && $0.receivedAt < retried }.count == 1)
                    let put = puts()[0]
                    #expect(put.header("X-MBX-APIKEY") == BN.key && put.queryValue("signature") == nil && put.bodyString.isEmpty)

                    let second = try await ws.waitForConnections(2, timeout: .seconds(20))[1]
                    #expect(second.request.path == "/private/ws/\(Self.secondKey)")
                    #expect(puts().count >= 3)
                    let seen = try await events.wait(for: "the redial's subscription") { $0.subscribed(epoch: 2) == [.orders()] }
                    // Only -1125 ended a connection, and no reason shows the key.
                    #expect(seen.disconnectReasons.contains { $0.contains("-1125") })
                    #expect(!seen.disconnectReasons.contains { $0.contains("-1000") || $0.contains(Self.firstKey) })
                }
            }
        }
    }

    @Test("maximumLifetime: a successor dialled before the limit takes over (rotated, no disconnect); a book it cannot continue resyncs from its snapshot")
    func rotation() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                http.enqueue(BinanceServer.snapshot(100, bids: #"[["90000.0","5"]]"#, asks: #"[["90000.5","3"]]"#),
                             method: "GET", path: BinanceServer.depthPath)
                http.setFallback(BinanceServer.snapshot(300, bids: #"[["89000.0","1"]]"#, asks: #"[["89001.0","1"]]"#),
                                 method: "GET", path: BinanceServer.depthPath)
                // Each connection sends its delta right after the ack: buffered until its snapshot, then applied.
                ws.onConnection { connection in
                    await BinanceServer.serve(connection, then: { request in
                        guard request.method == "SUBSCRIBE" else { return [] }
                        return connection.id == 1 ? [BinanceServer.depth(99, 101, previous: 98, bids: #"[["89999.5","2"]]"#)]
                                                  : [BinanceServer.depth(299, 301, previous: 298, asks: #"[["89000.5","7"]]"#)]
                    })
                }
                let venue = try BN.client(http, credentials: nil, wsURL: ws.url, options: ["connection_lifetime": "2"]).streamVenue
                #expect(venue.connectionLifetime == .seconds(2))
                try await withFeed(venue, [.book("BTCUSDT")]) { _, events in
                    let first = try await events.wait(for: "the first book") { $0.bookUpdates.contains { $0.sequence == 101 } }
                    #expect(try first.book(epoch: 1).bids() == [PriceLevel(price: 90000, size: 5), PriceLevel(price: dec("89999.5"), size: 2)])
                    let seen = try await events.wait(for: "the book on the next connection", timeout: .seconds(20)) { events in
                        events.contains { if case .book(let u) = $0.payload { u.sequence == 301 && $0.epoch >= 2 } else { false } }
                    }
                    #expect(seen.disconnectReasons.isEmpty)
                    #expect(seen.count("rotated") == 1 && seen.count("reconnected") == 0)
                    let second = ws.connections[1]
                    #expect(BinanceServer.request(second.receivedTexts.first ?? "")?.params == ["btcusdt@depth@100ms"])
                    try await ws.connections[0].waitUntilClosed(timeout: .seconds(5))
                    // The successor's snapshot (300) is past the old book (101): the consumer is told to replace it.
                    let rotated = try #require(seen.firstIndex { $0.payload.kind == "rotated" })
                    #expect(Array(Array(seen[rotated...]).kinds().prefix(4)) == ["rotated", "resynced", "book", "book"])
                    let book = try seen.book()
                    #expect(book.bids() == [PriceLevel(price: 89000, size: 1)])
                    #expect(book.asks() == [PriceLevel(price: dec("89000.5"), size: 7), PriceLevel(price: 89001, size: 1)])
                    #expect(http.requests(path: BinanceServer.depthPath).count >= 2)
                }
            }
        }
    }

    @Test("a server ping frame is answered with a pong carrying its payload")
    func serverPing() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                ws.onConnection { await BinanceServer.serve($0) }
                let venue = try BN.client(http, credentials: nil, wsURL: ws.url).streamVenue
                try await withFeed(venue, [.trades("BTCUSDT")]) { _, events in
                    try await events.wait(for: "trades subscribed") { $0.count("subscribed") == 1 }
                    let connection = try await ws.waitForConnections(1)[0]
                    let payload = Array("binance-ping-1".utf8)
                    try await connection.sendPing(payload)
                    let pongs = try await connection.waitForFrames(1, kind: .pong, timeout: .seconds(10))
                    #expect(pongs.first?.bytes == payload)
                }
            }
        }
    }

    @Test("the private endpoint keeps its key alive every 30 minutes and lives 24 h like the others; the options are checked")
    func endpointRules() async throws {
        try await withScriptedHTTPServer { http in
            http.setFallback(.json(try BN.fixture("rest/listenKey.post.json")), method: "POST", path: BinanceServer.listenKeyPath)
            let venue = try BN.client(http, wsURL: "ws://127.0.0.1:9").streamVenue
            let user = try await venue.endpoint(route: BinanceStreamName.privateRoute)
            let market = try await venue.endpoint(route: BinanceStreamName.marketRoute)
            #expect(user.keepAlive?.interval == .seconds(1800) && market.keepAlive == nil)
            #expect(user.maximumLifetime == market.maximumLifetime && market.maximumLifetime == .seconds(86_100))
            for (key, value) in [("connection_lifetime", "0"), ("listen_key_keepalive", "3600"), ("listen_key_keepalive", "soon")] {
                #expect(throws: ExchangeError.self) { try BN.client(http, options: [key: value]) }
            }
        }
    }
}
