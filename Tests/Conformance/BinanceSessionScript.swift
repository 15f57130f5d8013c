import ExchangeKit
import ExchangeKitTesting

/// The Binance USDⓈ-M sessions behind `Fixtures/BinanceStub/sessions/`, one route each (a
/// recording does not tell connections apart, so every dial after the first is a reconnect).
enum BinanceSessionScript {
    static let sessions = [book, trades, account]
    static let profile = BinanceStubProfile()

    static func sample(_ name: String) -> String { SessionScript.sample("BinanceStub", name) }

    /// A reference payload in the combined-stream envelope the `/stream` endpoints send.
    static func combined(_ stream: String, _ name: String) -> String { #"{"stream":"\#(stream)","data":\#(sample(name))}"# }

    static func delta(_ sequence: Int64, _ side: BookSide, _ price: String, _ size: String, previous: Int64? = nil) -> String {
        profile.bookDeltaFrame(ScriptedBookDelta(symbol: "BTCUSDT", sequence: sequence, previous: previous, side: side, price: price, size: size))
    }

    static func snapshot(_ sequence: Int64, bids: String, asks: String) -> ScriptedResponse {
        .json(#"{"lastUpdateId":\#(sequence),"E":1729168101217,"T":1729168101216,"bids":\#(bids),"asks":\#(asks)}"#)
    }

    /// Serves one Binance connection: acks every request, then `frames(stream)` for each stream subscribed.
    static func serve(_ connection: ScriptedWebSocketConnection, frames: @escaping @Sendable (String) -> [String]) async {
        do {
            while true {
                let text = try await connection.nextText(timeout: .seconds(120))
                guard let message = profile.interpret(clientText: text) else { continue }
                if let reply = profile.reply(to: message) { try await connection.send(text: reply) }
                for stream in message.topics where message.kind == .subscribe {
                    for frame in frames(stream) { try await connection.send(text: frame) }
                }
            }
        } catch {
            // The connection closed or the session ended.
        }
    }

    /// The book ticker and a diff-depth book chained by `pu`, with a gap and its resync, then a
    /// close 1001 and the book again from a new snapshot (the public route).
    static let book = SessionScript(plugin: "BinanceStub", venue: "binance-usdm", name: "btcusdt-book", symbols: "BTCUSDT",
                                    channels: "ticker,book") { http, ws in
        let path = "/fapi/v1/depth"
        let reply = SessionScript.Reply.routed(on: http, path,
                                               initial: snapshot(100, bids: #"[["90000.0","5"],["89999.5","1"]]"#, asks: #"[["90000.5","3"],["90001.0","2"]]"#))
        ws.onConnection { connection in
            await serve(connection) { stream in
                let first = connection.id == 1
                switch stream {
                case "btcusdt@bookTicker": return first ? [combined("btcusdt@bookTicker", "bookTicker")] : []
                case "btcusdt@depth@100ms": return first ? [] : [delta(301, .ask, "89000.5", "7")]
                default: return []
                }
            }
        }
        let first = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
        try await SessionScript.waitForPath(http, path, count: 1)
        // Sent from here, in order, once the book asked for its snapshot. The client sends nothing to
        // sync on after that (no text pings), so 105 may meet the live book or the deltas buffered
        // before the snapshot: a gap either way (105 names 104 as its previous, `pu`).
        try await first.sendBatch([delta(101, .bid, "89999.5", "0"), delta(102, .ask, "90001.0", "4"), delta(103, .bid, "90000.0", "6")])
        try await SessionScript.gapThenReconnect(
            first, ws, http, path: path, book: reply,
            at105: snapshot(105, bids: #"[["90000.0","6"],["89998.0","2"]]"#, asks: #"[["90000.5","1"],["90001.0","4"]]"#),
            deltas: [delta(105, .ask, "90000.5", "1"), delta(106, .bid, "89998.0", "2")],
            at300: snapshot(300, bids: #"[["89000.0","1"]]"#, asks: #"[["89001.0","1"]]"#), texts: 1)
    }

    /// Aggregate trades, mark price with funding, and a one-minute kline (the market route).
    static let trades = SessionScript(plugin: "BinanceStub", venue: "binance-usdm", name: "btcusdt-trades", symbols: "BTCUSDT",
                                      channels: "trades,mark_price,candles") { http, ws in
        ws.onConnection { connection in
            await serve(connection) { stream in
                switch stream {
                case "btcusdt@aggTrade": (0..<3).map { profile.tradeFrame(symbol: "BTCUSDT", index: $0) }
                case "btcusdt@markPrice@1s": [combined("btcusdt@markPrice@1s", "markPrice")]
                case "btcusdt@kline_1m": [combined("btcusdt@kline_1m", "kline")]
                default: []
                }
            }
        }
        let connection = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
        _ = try await connection.waitForText(count: 1, timeout: .seconds(10))
    }

    /// The user-data stream (the private route, on a listen key): an order update, an account
    /// update with balances and a position, a trade lite and a leverage change.
    static let account = SessionScript(plugin: "BinanceStub", venue: "binance-usdm", name: "account", symbols: "BTCUSDT",
                                       channels: "orders,positions,balance") { http, ws in
        ws.onConnection { connection in
            await serve(connection) { _ in [] }
        }
        let connection = try await ws.waitForConnections(1, timeout: .seconds(10))[0]
        _ = try await connection.waitForText(count: 1, timeout: .seconds(10))
        try await connection.sendBatch(["user.ORDER_TRADE_UPDATE", "user.ACCOUNT_UPDATE", "user.TRADE_LITE", "user.ACCOUNT_CONFIG_UPDATE"].map(sample))
    }
}
