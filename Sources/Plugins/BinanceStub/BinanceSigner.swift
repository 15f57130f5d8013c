import ExchangeKit

/// Binance's HMAC-SHA256 request signature for SIGNED (TRADE, USER_DATA) endpoints.
///
/// `signature = hex(HMAC-SHA256(secret, query + body))` over the exact bytes sent: the
/// percent-encoded query string concatenated directly with the form body, no `&`
/// between them. `timestamp` (and `recvWindow`) are appended to the query first, but
/// only when neither the query nor the body carries them already, so a request signed
/// by hand keeps its own values; `signature` goes last. The API key travels in
/// `X-MBX-APIKEY`. See https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info.
public struct BinanceSigner: Signer {
    /// The API key, sent in `X-MBX-APIKEY` (also on USER_STREAM calls, which are not signed).
    let apiKey: String
    private let hmac: HMACKey
    /// The `recvWindow` added to requests that carry none; nil adds none (Binance then uses 5000 ms).
    public let receiveWindow: Duration?

    /// Creates a signer.
    /// - Parameter receiveWindow: how long after `timestamp` Binance may still accept the request.
    public init(credentials: Credentials, receiveWindow: Duration? = .milliseconds(5000)) {
        apiKey = credentials.key
        hmac = HMACKey(secret: credentials.secret)
        self.receiveWindow = receiveWindow
    }

    /// The key identifies the account: dumps redact it. The signature and timestamp stay visible.
    public var redactedFields: Set<String> { ["X-MBX-APIKEY"] }

    /// The lower-case hex signature of a payload (`query + body`).
    public func signature(of payload: some Collection<UInt8>) -> String {
        hmac.hex(for: Array(payload))
    }

    public func sign(_ request: inout PreparedRequest, at time: Timestamp) throws(ExchangeError) {
        let body = String(decoding: request.body, as: UTF8.self)
        if !Self.carries("timestamp", query: request.query, body: body) {
            request.query.append(QueryItem("timestamp", String(time.milliseconds)))
        }
        if let receiveWindow, !Self.carries("recvWindow", query: request.query, body: body) {
            request.query.append(QueryItem("recvWindow", String(receiveWindow.milliseconds)))
        }
        var payload = Array(request.query.encodedQueryString.utf8)
        payload.append(contentsOf: request.body)
        request.query.append(QueryItem("signature", signature(of: payload)))
        request.headers.append(("X-MBX-APIKEY", apiKey))
    }

    /// Whether a parameter is already present in the query or the form body.
    static func carries(_ name: String, query: [QueryItem], body: String) -> Bool {
        if query.contains(where: { $0.name == name }) { return true }
        return body.split(separator: "&").contains { $0.hasPrefix(name + "=") }
    }
}
