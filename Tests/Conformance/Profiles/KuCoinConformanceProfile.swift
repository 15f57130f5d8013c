import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinTestSupport

/// What both KuCoin venues share as conformance profiles: bullet tokens, the classic WebSocket
/// protocol's control frames and the REST envelope's errors and clock (PROTOCOL.md §3, §8).
protocol KuCoinConformanceProfile: ConformanceProfile {}

extension KuCoinConformanceProfile {
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

    /// Serves a book snapshot route in KuCoin's envelope; `data` renders the snapshot's `data` object.
    func routeSnapshots(on http: ScriptedHTTPServer, paths: [String], _ book: @escaping @Sendable (String) -> OrderBookSnapshot?,
                        data: @escaping @Sendable (OrderBookSnapshot) -> String) {
        for path in paths {
            http.route("GET", path) { request in
                guard let snapshot = book(request.queryValue("symbol") ?? "") else {
                    return .json(#"{"code":"404000","msg":"symbol not found"}"#, status: 404)
                }
                return .json(#"{"code":"200000","data":\#(data(snapshot))}"#)
            }
        }
    }
}
