import ExchangeKitTesting

/// Serves KuCoin's bullet (token) endpoints on a scripted HTTP server, pointing at a scripted
/// WebSocket server, with a fresh token on every call.
public final class KuCoinBullets: Sendable {
    /// Every token handed out.
    public let ledger: TokenLedger

    /// Creates bullets whose tokens read `<prefix>1`, `<prefix>2`, …
    public init(tokenPrefix: String = "token-", ledger: TokenLedger? = nil) {
        self.ledger = ledger ?? TokenLedger(prefix: tokenPrefix)
    }

    /// The tokens handed out so far.
    public var tokens: [String] { ledger.tokens }

    /// Routes `POST /api/v1/bullet-public` and `/api/v1/bullet-private` (ping interval and timeout in ms).
    public func install(on http: ScriptedHTTPServer, ws: String, pingInterval: Int = 5000, pingTimeout: Int = 2000) {
        for path in ["/api/v1/bullet-public", "/api/v1/bullet-private"] {
            http.route("POST", path) { _ in
                let token = self.ledger.issue()
                return .json(#"{"code":"200000","data":{"token":"\#(token)","instanceServers":[{"endpoint":"\#(ws)/","encrypt":false,"protocol":"websocket","pingInterval":\#(pingInterval),"pingTimeout":\#(pingTimeout)}]}}"#)
            }
        }
    }
}
