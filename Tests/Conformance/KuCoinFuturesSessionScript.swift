import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinTestSupport

/// The KuCoin Futures sessions behind `Fixtures/KuCoinFutures/sessions/`.
enum KuCoinFuturesSessionScript {
    static let sessions = [market, account]

    static func sample(_ name: String) -> String { SessionScript.sample("KuCoinFutures", name) }

    static func snapshot(_ sequence: Int64, bids: String, asks: String) -> ScriptedResponse {
        .json(KuCoinFuturesFrames.snapshotReply(sequence, bids: bids, asks: asks))
    }

    /// Trades, tickers, a synchronised book with a gap and its resync, mark price, funding
    /// rate and candles; then the server resets the connection and the client comes back.
    static let market = SessionScript(plugin: "KuCoinFutures", venue: "kucoin-futures", name: "xbtusdtm-market", symbols: "XBTUSDTM",
                                      channels: "trades,ticker,book,mark_price,candles") { http, ws in
        let book = SessionScript.Reply.routed(on: http, "/api/v1/level2/snapshot",
                                              initial: snapshot(100, bids: "[[90000,5],[89999.5,1]]", asks: "[[90000.5,3],[90001,2]]"))
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
        try await SessionScript.waitForPath(http, "/api/v1/level2/snapshot", count: 1)
        // The client's next ping comes after it applied the snapshot (a second later), so the
        // gap falls in the live book, not among the deltas buffered before the snapshot.
        try await SessionScript.nextPing(first)
        try await SessionScript.gapThenReconnect(
            first, ws, http, path: "/api/v1/level2/snapshot", book: book,
            at105: snapshot(105, bids: "[[90000,6],[89998,2]]", asks: "[[90000.5,1],[90001,4]]"),
            deltas: [KuCoinFuturesFrames.level2(105, "90000.5,sell,1"), KuCoinFuturesFrames.level2(106, "89998,buy,2")],
            last: [KuCoinFuturesFrames.execution(9)], at300: snapshot(300, bids: "[[89000,1]]", asks: "[[89001,1]]"), texts: 5)
    }

    /// Orders, positions (a full one, then a mark-price patch merged into it, then a funding
    /// settlement) and balances on the private connection.
    static let account = SessionScript(plugin: "KuCoinFutures", venue: "kucoin-futures", name: "xbtusdtm-account", symbols: "XBTUSDTM",
                                       channels: "orders,positions,balance") { http, ws in
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
}
