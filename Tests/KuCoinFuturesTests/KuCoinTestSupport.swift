import Crypto
import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinFutures

enum KC {
    static let key = "kc-test-key"
    static let secret = "kc-test-SECRET-2f9a"
    static let passphrase = "kc-test-PASS-77"
    static let credentials = Credentials(key: key, secret: secret, passphrase: passphrase)

    static func fixture(_ name: String) throws -> String { try Fixture.text("rest/\(name).json", in: Bundle.module) }

    /// A client of a scripted server, with credentials.
    static func futures(_ server: ScriptedHTTPServer, credentials: Credentials? = KC.credentials, retry: Int = 3) throws -> KuCoinFutures {
        try KuCoinFutures(config: VenueConfig(id: "kucoin-futures", plugin: "KuCoinFutures", environment: .custom, restURL: server.baseURL,
                                              credentials: credentials, requestTimeout: .seconds(2), retryAttempts: retry,
                                              options: ["key_version": "2"]))
    }

    /// base64(HMAC-SHA256(secret, message)), computed with swift-crypto directly — not through ExchangeKit.
    static func hmac(_ message: String, secret: String = KC.secret) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))).base64EncodedString()
    }

    /// Whether a recorded request carries KuCoin's headers with a valid signature over what was sent.
    static func isSigned(_ request: RecordedRequest) -> Bool {
        guard let timestamp = request.header("KC-API-TIMESTAMP"), let signature = request.header("KC-API-SIGN") else { return false }
        // KuCoin signs the query unencoded.
        let raw = request.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let target = raw.isEmpty ? request.path : "\(request.path)?\(raw)"
        return signature == hmac(timestamp + request.method + target + request.bodyString)
            && request.header("KC-API-KEY") == key
            && request.header("KC-API-PASSPHRASE") == hmac(passphrase)
            && request.header("KC-API-KEY-VERSION") == "2"
            && request.header("Content-Type") == "application/json"
            // Signed now, not replayed from long ago; wide enough for a loaded 2-core machine.
            && abs((Int64(timestamp) ?? 0) - Timestamp.now().milliseconds) < 60_000
    }
}

func dec(_ text: String) -> Decimal { try! DecimalParser.parse(text) }
