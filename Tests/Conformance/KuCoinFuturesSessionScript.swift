import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinTestSupport
import Synchronization

/// The KuCoin Futures sessions behind `Fixtures/KuCoinFutures/sessions/`: what the scripted
/// servers send while `runner record` runs, so a recording can be made again at will.
enum KuCoinFuturesSessionScript {
    /// One session: the runner's flags and how the servers behave.
    struct Session: Sendable {
        var name: String
        var channels: String
        /// The bullet's ping interval in ms (the market session syncs on pings).
        var pingInterval = 1000
        var drive: @Sendable (ScriptedHTTPServer, ScriptedWebSocketServer) async throws -> Void
    }

    static let sessions = [market, account]

    /// A reference sample as a one-line frame.
    static func sample(_ name: String) -> String {
        let bytes = (try? Fixture.bytes("KuCoinFutures/ws/\(name).json", in: .module)) ?? []
        return (try? RawJSON(parsing: bytes).text) ?? ""
    }

    static func snapshot(_ sequence: Int64, bids: String, asks: String) -> ScriptedResponse {
        .json(KuCoinFuturesFrames.snapshotReply(sequence, bids: bids, asks: asks))
    }

    /// Trades, tickers, a synchronised book with a gap and its resync, mark price, funding
    /// rate and candles; then the server resets the connection and the client comes back.
    static let market = Session(name: "xbtusdtm-market", channels: "trades,ticker,book,mark_price,candles") { http, ws in
        let book = Book()
        book.set(snapshot(100, bids: "[[90000,5],[89999.5,1]]", asks: "[[90000.5,3],[90001,2]]"))
        http.route("GET", "/api/v1/level2/snapshot") { _ in book.current }
        ws.onConnection { connection in
            await kucoinServer(connection) { topic in
                let first = connection.id == 1
                switch topic {
                case "/contractMarket/execution:XBTUSDTM": return (first ? 0..<3 : 3..<5).map { KuCoinFuturesFrames.execution($0) }
                case "/contractMarket/tickerV2:XBTUSDTM": return first ? [sample("tickerV2")] : []
                case "/contract/instrument:XBTUSDTM": return first ? [sample("instrument.mark-index-price")] : []
                case "/contractMarket/limitCandle:XBTUSDTM_1min": return first ? [sample("limitCandle")] : []
                case "/contractMarket/level2:XBTUSDTM":
                    return first
                        ? [KuCoinFuturesFrames.level2(101, "89999.5,buy,0"), KuCoinFuturesFrames.level2(102, "90001,sell,4"), KuCoinFuturesFrames.level2(103, "90000,buy,6")]
                        : [KuCoinFuturesFrames.level2(301, "89000.5,sell,7")]
                default: return []
                }
            }
        }
        let first = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
        try await waitForPath(http, "/api/v1/level2/snapshot", count: 1)
        // The client's next ping comes after it applied the snapshot (a second later), so the
        // gap falls in the live book, not among the deltas buffered before the snapshot.
        try await nextPing(first)
        // 104 never comes: a gap; the venue's book at 105 includes it.
        book.set(snapshot(105, bids: "[[90000,6],[89998,2]]", asks: "[[90000.5,1],[90001,4]]"))
        try await first.sendBatch([KuCoinFuturesFrames.level2(105, "90000.5,sell,1"), KuCoinFuturesFrames.level2(106, "89998,buy,2")])
        try await waitForPath(http, "/api/v1/level2/snapshot", count: 2)
        try await first.send(text: KuCoinFuturesFrames.execution(9))
        book.set(snapshot(300, bids: "[[89000,1]]", asks: "[[89001,1]]"))
        // A close, not a reset: a reset could discard the trade still in flight.
        try await first.close(code: 1001, reason: "going away")
        let second = try await ws.waitForConnections(2, timeout: .seconds(10))[1]
        _ = try await second.waitForText(count: 5, timeout: .seconds(10))
        try await waitForPath(http, "/api/v1/level2/snapshot", count: 3)
    }

    /// Orders, positions (a full one, then a mark-price patch merged into it, then a funding
    /// settlement) and balances on the private connection.
    static let account = Session(name: "xbtusdtm-account", channels: "orders,positions,balance") { http, ws in
        ws.onConnection { connection in
            await kucoinServer(connection) { topic in
                switch topic {
                case "/contractMarket/tradeOrders:XBTUSDTM": [sample("tradeOrders.symbol")]
                case "/contract/position:XBTUSDTM":
                    // The mark-price sample is of XBTUSDM; sent as is (no full position to merge into) and for XBTUSDTM (merged).
                    [sample("position.change"), sample("position.change-markprice"),
                     sample("position.change-markprice").replacingOccurrences(of: "XBTUSDM", with: "XBTUSDTM"), sample("position.settlement")]
                case "/contractAccount/wallet": [sample("wallet.walletBalance-change"), sample("wallet.availableBalance-change")]
                default: []
                }
            }
        }
        let connection = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
        _ = try await connection.waitForText(count: 3, timeout: .seconds(10))
    }

    /// Waits for the next ping the client sends on `connection`.
    static func nextPing(_ connection: ScriptedWebSocketConnection) async throws {
        let before = connection.receivedTexts.count
        _ = try await connection.waitForText(where: { _ in
            connection.receivedTexts.dropFirst(before).contains { $0.contains(#""type":"ping""#) }
        }, timeout: .seconds(10))
    }

    /// Waits until `path` has been requested `count` times.
    static func waitForPath(_ http: ScriptedHTTPServer, _ path: String, count: Int) async throws {
        while http.requests(path: path).count < count {
            _ = try await http.waitForRequests(http.requests.count + 1, timeout: .seconds(10))
        }
    }

    /// The snapshot the book endpoint serves now.
    final class Book: Sendable {
        private let response = Mutex(ScriptedResponse())
        func set(_ value: ScriptedResponse) { response.withLock { $0 = value } }
        var current: ScriptedResponse { response.withLock { $0 } }
    }
}
