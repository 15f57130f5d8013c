import ExchangeKit
import ExchangeKitTesting
import KuCoinTestSupport

/// The KuCoin Spot sessions behind `Fixtures/KuCoinSpot/sessions/`.
enum KuCoinSpotSessionScript {
    static let sessions = [market, account]
    static let profile = KuCoinSpotProfile()

    static func sample(_ name: String) -> String { SessionScript.sample("KuCoinSpot", name) }

    static func delta(_ sequence: Int64, _ side: BookSide, _ price: String, _ size: String) -> String {
        profile.bookDeltaFrame(ScriptedBookDelta(symbol: "BTC-USDT", sequence: sequence, side: side, price: price, size: size))
    }

    /// The signed full book (`GET /api/v3/market/orderbook/level2`) in KuCoin's envelope.
    static func snapshot(_ sequence: Int64, bids: String, asks: String) -> ScriptedResponse {
        .json(#"{"code":"200000","data":{"time":1729176273859,"sequence":"\#(sequence)","bids":\#(bids),"asks":\#(asks)}}"#)
    }

    /// Trades, a ticker, a candle and a book kept by the ranged rule, with a gap and its resync;
    /// then the server closes with 1001 and the client comes back.
    static let market = SessionScript(plugin: "KuCoinSpot", venue: "kucoin-spot", name: "btcusdt-market", symbols: "BTC-USDT",
                                      channels: "trades,ticker,book,candles") { http, ws in
        let path = "/api/v3/market/orderbook/level2"
        let book = SessionScript.Reply.routed(on: http, path,
                                              initial: snapshot(100, bids: #"[["67000","1.5"],["66999.5","0.2"]]"#, asks: #"[["67000.5","0.3"],["67001","2"]]"#))
        ws.onConnection { connection in
            await kucoinServer(connection) { topic in
                let first = connection.id == 1
                switch topic {
                case "/market/match:BTC-USDT": return (first ? 0..<3 : 3..<5).map { profile.tradeFrame(symbol: "BTC-USDT", index: $0) }
                case "/market/ticker:BTC-USDT": return first ? [sample("ticker")] : []
                case "/market/candles:BTC-USDT_1min": return first ? [sample("candles")] : []
                case "/market/level2:BTC-USDT":
                    return first ? [delta(101, .bid, "66999.5", "0"), delta(102, .ask, "67001", "4"), delta(103, .bid, "67000", "6")]
                                 : [delta(301, .ask, "66000.5", "7")]
                default: return []
                }
            }
        }
        let first = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
        try await SessionScript.waitForPath(http, path, count: 1)
        // The client's next ping comes after it applied the snapshot (a second later).
        try await SessionScript.nextPing(first)
        try await SessionScript.gapThenReconnect(
            first, ws, http, path: path, book: book,
            at105: snapshot(105, bids: #"[["67000","6"],["66998","2"]]"#, asks: #"[["67000.5","1"],["67001","4"]]"#),
            deltas: [delta(105, .ask, "67000.5", "1"), delta(106, .bid, "66998", "2")], last: [profile.tradeFrame(symbol: "BTC-USDT", index: 9)],
            at300: snapshot(300, bids: #"[["66000","1"]]"#, asks: #"[["66001","1"]]"#), texts: 4)
    }

    /// Order changes and a balance change on the private connection.
    static let account = SessionScript(plugin: "KuCoinSpot", venue: "kucoin-spot", name: "btcusdt-account", symbols: "BTC-USDT",
                                       channels: "orders,balance") { http, ws in
        ws.onConnection { connection in
            await kucoinServer(connection) { topic in
                switch topic {
                case "/spotMarket/tradeOrdersV2": [sample("tradeOrdersV2.received"), sample("tradeOrdersV2.open")]
                case "/account/balance": [sample("account-balance")]
                default: []
                }
            }
        }
        let connection = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
        _ = try await connection.waitForText(count: 2, timeout: .seconds(10))
    }
}
