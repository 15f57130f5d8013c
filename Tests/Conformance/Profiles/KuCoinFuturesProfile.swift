import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinFutures
import KuCoinTestSupport

/// What the conformance kit needs to know of KuCoin Futures: bullet tokens, the classic
/// WebSocket protocol's control frames, execution and level2 frames, and the REST envelope's
/// errors and clock (PROTOCOL.md §3, §8, §9).
struct KuCoinFuturesProfile: ConformanceProfile {
    var plugin: any VenuePlugin.Type { KuCoinFutures.self }

    var parameters: ConformanceParameters { ConformanceParameters(symbol: "XBTUSDTM", currency: "USDT", orderID: "5cdfc138b21023a909e5ad55") }

    /// The decoder's documented inferences (OrderChangeMessage, StopOrderMessage, KuCoinFrameReader):
    /// an order event without `orderType` is a limit order when it has a price, else a market order;
    /// an error frame's reason is its `data`, as raw JSON when that is not a string.
    var inferences: [String: Set<String>] { ["price": ["type"], "orderPrice": ["type"], "data": ["message"]] }

    func installStreamEndpoints(on http: ScriptedHTTPServer, webSocketURL: String, tokens: TokenLedger) {
        // KuCoin's floor is one second for both; silence is then noticed within two.
        KuCoinBullets(ledger: tokens).install(on: http, ws: webSocketURL, pingInterval: 1000, pingTimeout: 1000)
    }

    func token(of dial: UpgradeRequest) -> String? { dial.queryValue("token") }

    func welcome(for connection: ScriptedWebSocketConnection) -> String? { KuCoinControl.welcome(connection) }

    func interpret(clientText: String) -> ClientMessage? { KuCoinControl.interpret(clientText) }

    func reply(to message: ClientMessage) -> String? {
        guard let id = message.id else { return nil }
        return message.kind == .ping ? KuCoinControl.pong(id: id) : KuCoinControl.ack(id: id)
    }

    func tradeFrame(symbol: String, index: Int) -> String { KuCoinFuturesFrames.execution(index, symbol: symbol) }

    func bookDeltaFrame(_ delta: ScriptedBookDelta) -> String {
        KuCoinFuturesFrames.level2(delta.sequence, "\(delta.price),\(delta.side == .bid ? "buy" : "sell"),\(delta.size)", symbol: delta.symbol)
    }

    func installBookSnapshots(on http: ScriptedHTTPServer, _ book: @escaping @Sendable (String) -> OrderBookSnapshot?) {
        http.route("GET", "/api/v1/level2/snapshot") { request in
            guard let snapshot = book(request.queryValue("symbol") ?? "") else {
                return .json(#"{"code":"404000","msg":"symbol not found"}"#, status: 404)
            }
            func levels(_ levels: [PriceLevel]) -> String { "[" + levels.map { "[\($0.price),\($0.size)]" }.joined(separator: ",") + "]" }
            return .json(KuCoinFuturesFrames.snapshotReply(snapshot.sequence, symbol: snapshot.symbol, bids: levels(snapshot.bids), asks: levels(snapshot.asks)))
        }
    }

    func timestampRejection() -> ScriptedResponse {
        .json(#"{"code":"400002","msg":"KC-API-TIMESTAMP Invalid -- Time differs from server time by more than 5 seconds"}"#, status: 401)
    }

    func rateLimitReply(retryAfter: Duration) -> ScriptedResponse {
        .json(#"{"code":"429000","msg":"Too Many Requests"}"#, status: 429, headers: [
            ("gw-ratelimit-limit", "2000"), ("gw-ratelimit-remaining", "0"), ("gw-ratelimit-reset", String(retryAfter.nanoseconds / 1_000_000)),
        ])
    }

    func serverTimeReply(_ now: Timestamp) -> ScriptedResponse {
        .json(#"{"code":"200000","data":\#(now.milliseconds)}"#)
    }

    func requestTimestamp(_ request: RecordedRequest) -> Timestamp? {
        request.header("KC-API-TIMESTAMP").flatMap(Int64.init).map { Timestamp(milliseconds: $0) }
    }

    func isAuthenticated(_ request: RecordedRequest, with credentials: Credentials) -> Bool {
        let secret = credentials.secret.withUnredactedValue { $0 }
        let passphrase = credentials.passphrase?.withUnredactedValue { $0 } ?? ""
        return KuCoinAuth.isSigned(request, key: credentials.key, secret: secret, passphrase: passphrase)
    }
}
