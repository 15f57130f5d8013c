import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinSpot
import Synchronization
import Testing

@Suite("KuCoin Spot ranged book synchronisation over scripted servers", .timeLimit(.minutes(1)))
struct SpotBookSyncTests {
    /// A `/market/level2` frame: asks and bids as `[price, size, sequence]`.
    static func level2(_ start: Int64, _ end: Int64, asks: String = "[]", bids: String = "[]") -> String {
        #"{"topic":"/market/level2:BTC-USDT","type":"message","subject":"trade.l2update","data":{"changes":{"asks":\#(asks),"bids":\#(bids)},"sequenceEnd":\#(end),"sequenceStart":\#(start),"symbol":"BTC-USDT","time":1729816425625}}"#
    }

    static func snapshot(_ sequence: Int64, bids: String, asks: String) -> String {
        #"{"code":"200000","data":{"time":1729176273859,"sequence":"\#(sequence)","bids":\#(bids),"asks":\#(asks)}}"#
    }

    @Test("deltas apply by range and level sequence against the signed full snapshot; a gap resyncs; a reconnect leaves no ghost levels")
    func rangedSync() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                _ = ScriptedSpotVenue(http: http, ws: ws, pingInterval: 5000)
                let snapshots = Mutex<[String]>([
                    Self.snapshot(100, bids: #"[["90000","5"],["89999.5","1"]]"#, asks: #"[["90000.5","3"]]"#),
                    Self.snapshot(110, bids: #"[["90000","6"]]"#, asks: #"[["90000.5","2"],["90001","1"]]"#),
                    Self.snapshot(300, bids: #"[["89000","1"]]"#, asks: #"[["89001","1"]]"#),
                ])
                http.route("GET", "/api/v3/market/orderbook/level2") { _ in
                    .json(snapshots.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] })
                }
                let spot = try SpotTest.spot(http)
                let feed = FeedStream(venue: spot.streamVenue, subscriptions: [.book("BTC-USDT")], configuration: SpotStreamTests.configuration())
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await feed.run() }
                    var reader = EventReader(events: feed.events.makeAsyncIterator())
                    var book = OrderBook(symbol: "BTC-USDT")
                    func until(_ condition: @escaping (BookUpdate) -> Bool) async throws {
                        _ = try await reader.until { event in
                            guard case .book(let update) = event.payload else { return false }
                            try? book.apply(update)
                            return condition(update)
                        }
                    }
                    let first = try await ws.waitForConnections(1)[0]
                    try await until { $0.action == .snapshot }
                    #expect(book.sequence == 100)
                    let snapshotRequest = try #require(http.requests(path: "/api/v3/market/orderbook/level2").first)
                    #expect(SpotTest.isSigned(snapshotRequest) && snapshotRequest.query == "symbol=BTC-USDT")

                    // 99…101 straddles the snapshot: the ask changed at 99 is already in it, the bid at 101 is not.
                    // 102…103: a price "0" entry only moves the sequence on.
                    try await first.sendBatch([
                        Self.level2(99, 101, asks: #"[["90000.5","4","99"]]"#, bids: #"[["89999.5","0","101"]]"#),
                        Self.level2(102, 103, asks: #"[["90001","2","103"]]"#, bids: #"[["0","0","102"]]"#),
                    ])
                    try await until { $0.sequence == 103 }
                    #expect(book.bids() == [level("90000", "5")])
                    #expect(book.asks() == [level("90000.5", "3"), level("90001", "2")])

                    // 104…105 never comes: a gap; the next snapshot (110) takes over and the buffered 106…107 is older than it.
                    try await first.sendBatch([
                        Self.level2(106, 107, asks: #"[["90000.5","9","107"]]"#),
                        Self.level2(111, 112, bids: #"[["90000","7","112"]]"#),
                    ])
                    try await until { $0.sequence == 112 }
                    let kinds = reader.seen.map(\.payload.kind)
                    #expect(kinds.contains("gap") && kinds.contains("resynced"))
                    if case .gap(let expected, let received)? = reader.seen.first(where: { $0.payload.kind == "gap" })?.payload {
                        #expect(expected == 104 && received == 106)
                    }
                    #expect(book.bids() == [level("90000", "7")])
                    #expect(book.asks() == [level("90000.5", "2"), level("90001", "1")])

                    // A reconnect: the new book is the new snapshot plus later deltas, nothing from before.
                    first.abort()
                    let second = try await ws.waitForConnections(2)[1]
                    try await until { $0.action == .snapshot && $0.sequence == 300 }
                    try await second.send(text: Self.level2(301, 301, asks: #"[["89000.5","7","301"]]"#))
                    try await until { $0.sequence == 301 }
                    #expect(book.bids() == [level("89000", "1")])
                    #expect(book.asks() == [level("89000.5", "7"), level("89001", "1")])
                    #expect(reader.seen.contains { $0.payload.kind == "reconnected" })
                    group.cancelAll()
                }
            }
        }
    }

    @Test("without credentials the book synchronises against the public top 100")
    func publicSnapshot() async throws {
        try await withScriptedHTTPServer { http in
            http.setFallback(.json(try SpotTest.rest("level2-20")), method: "GET", path: "/api/v1/market/orderbook/level2_100")
            let spot = try SpotTest.spot(http, credentials: nil)
            let snapshot = try await spot.streamVenue.bookSnapshot(symbol: "BTC-USDT")
            #expect(snapshot.sequence == 14_610_502_970 && snapshot.bids.count == 2)
            #expect(http.requests.map(\.uri) == ["/api/v1/market/orderbook/level2_100?symbol=BTC-USDT"])
            #expect(http.requests.first?.header("KC-API-SIGN") == nil)
            #expect(spot.streamVenue.bookSequenceRule == .ranged)
        }
    }
}
