import BinanceStub
import Crypto
import ExchangeKit
import ExchangeKitTesting
import Foundation

/// What the conformance kit needs to know of Binance USDⓈ-M Futures (shared/reference/binance
/// PROTOCOL.md): fixed stream URLs per route (a listen key only for the private one), combined
/// framing, integer-id SUBSCRIBE acknowledged by `{"result":null,"id":N}`, chained depth
/// updates, `{code,msg}` errors with -1021 for a timestamp, 429 with `Retry-After` in seconds,
/// and HMAC-SHA256 hex signatures over the query and body.
struct BinanceStubProfile: ConformanceProfile {
    var plugin: any VenuePlugin.Type { BinanceStub.self }

    var parameters: ConformanceParameters {
        ConformanceParameters(symbol: "BTCUSDT", currency: "USDT", orderID: "283194212",
                              order: .limit(.buy, "BTCUSDT", size: "0.001", price: "60000", clientOrderID: "conformance-client-1"))
    }

    /// Frames route by the event type (`e`, inside `data` in combined frames); the stream name
    /// only tells a partial book from a diff one.
    var routingKeys: [String] { ["e", "data.e"] }

    /// The decoder's inferences (MarketMessages): a 24 h ticker's candle starts at `O`, or 24 h
    /// before `E` when there is none (the mini ticker); a liquidation's trade id is made from its
    /// time `T`, Binance giving it none (`Trade.id`, the inline form of `tradeID`).
    var inferences: [String: Set<String>] { ["O": ["nanoseconds"], "E": ["nanoseconds"], "T": ["id"]] }

    var sendsWelcome: Bool { false }

    /// Public streams are fixed URLs; only the private route dials with a (listen) key.
    var usesTokens: Bool { false }

    var excludedChecks: [String: String] {
        ["faults.half-open-stall": "Binance pings every 3 minutes below the runner, so the venue's heartbeat timeout is 600 s: a silent socket is found after ten minutes, too long for a test"]
    }

    var customCalls: [Capabilities.RestCall: ConformanceCall] {
        [.leverage: ConformanceCall { venue, parameters in
            guard let binance = venue as? BinanceStub else { throw ConformanceFailure("not a BinanceStub") }
            _ = try await binance.setLeverage(5, symbol: parameters.symbol)
        }]
    }

    func installStreamEndpoints(on http: ScriptedHTTPServer, webSocketURL: String, tokens: TokenLedger) {
        http.route("POST", "/fapi/v1/listenKey") { _ in .json(#"{"listenKey":"\#(tokens.issue())"}"#) }
    }

    func token(of dial: UpgradeRequest) -> String? {
        dial.path.hasPrefix("/private/ws/") ? String(dial.path.dropFirst("/private/ws/".count)) : nil
    }

    func welcome(for connection: ScriptedWebSocketConnection) -> String? { nil }

    func interpret(clientText: String) -> ClientMessage? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(clientText.utf8)) as? [String: Any],
              let method = object["method"] as? String else { return nil }
        let id = (object["id"] as? NSNumber).map { "\($0)" }
        let params = object["params"] as? [String] ?? []
        switch method {
        case "SUBSCRIBE", "LIST_SUBSCRIPTIONS": return ClientMessage(.subscribe, id: id, topics: params)
        case "UNSUBSCRIBE": return ClientMessage(.unsubscribe, id: id, topics: params)
        default: return nil
        }
    }

    func reply(to message: ClientMessage) -> String? {
        message.id.map { #"{"result":null,"id":\#($0)}"# }
    }

    func tradeFrame(symbol: String, index: Int) -> String {
        #"{"stream":"\#(symbol.lowercased())@aggTrade","data":{"e":"aggTrade","E":1731898619521,"s":"\#(symbol)","a":\#(5000 + index),"p":"9050\#(index).5","q":"0.00\#(index + 1)","nq":"0.00\#(index + 1)","f":\#(100 + index),"l":\#(100 + index),"T":1731898619520,"m":\#(index % 2 == 0 ? "false" : "true")}}"#
    }

    func bookDeltaFrame(_ delta: ScriptedBookDelta) -> String {
        let level = #"["\#(delta.price)","\#(delta.size)"]"#
        return #"{"stream":"\#(delta.symbol.lowercased())@depth@100ms","data":{"e":"depthUpdate","E":1731897467183,"T":1731897467182,"s":"\#(delta.symbol)","U":\#(delta.sequence),"u":\#(delta.sequence),"pu":\#(delta.previous),"b":[\#(delta.side == .bid ? level : "")],"a":[\#(delta.side == .ask ? level : "")]}}"#
    }

    func installBookSnapshots(on http: ScriptedHTTPServer, _ book: @escaping @Sendable (String) -> OrderBookSnapshot?) {
        http.route("GET", "/fapi/v1/depth") { request in
            guard let snapshot = book(request.queryValue("symbol") ?? "") else { return .json(#"{"code":-1121,"msg":"Invalid symbol."}"#, status: 400) }
            func levels(_ levels: [PriceLevel]) -> String { "[" + levels.map { #"["\#($0.price)","\#($0.size)"]"# }.joined(separator: ",") + "]" }
            return .json(#"{"lastUpdateId":\#(snapshot.sequence),"E":1729168101217,"T":1729168101216,"bids":\#(levels(snapshot.bids)),"asks":\#(levels(snapshot.asks))}"#)
        }
    }

    func timestampRejection() -> ScriptedResponse {
        .json(#"{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}"#, status: 400)
    }

    func rateLimitReply(retryAfter: Duration) -> ScriptedResponse {
        // Retry-After is in whole seconds.
        let seconds = max(1, (retryAfter.nanoseconds + 999_999_999) / 1_000_000_000)
        return .json(#"{"code":-1003,"msg":"Too many requests; current limit is 2400 requests per minute."}"#, status: 429,
                     headers: [("Retry-After", String(seconds))])
    }

    func serverTimeReply(_ now: Timestamp) -> ScriptedResponse { .json(#"{"serverTime":\#(now.milliseconds)}"#) }

    func requestTimestamp(_ request: RecordedRequest) -> Timestamp? {
        request.queryValue("timestamp").flatMap(Int64.init).map { Timestamp(milliseconds: $0) }
    }

    /// hex(HMAC-SHA256(secret, query without `signature` + body)) == `signature`, the key in `X-MBX-APIKEY`.
    func isAuthenticated(_ request: RecordedRequest, with credentials: Credentials) -> Bool {
        guard let query = request.query, let range = query.range(of: "&signature=") ?? query.range(of: "signature=") else { return false }
        let signed = String(query[..<range.lowerBound])
        let signature = String(query[range.upperBound...])
        let secret = credentials.secret.withUnredactedValue { $0 }
        let mac = HMAC<SHA256>.authenticationCode(for: Data((signed + request.bodyString).utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        return signature == hex && request.header("X-MBX-APIKEY") == credentials.key
    }
}
