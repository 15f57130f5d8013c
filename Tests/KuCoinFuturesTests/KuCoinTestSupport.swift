import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinFutures
import KuCoinTestSupport

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

    /// base64(HMAC-SHA256(secret, message)), computed independently of ExchangeKit.
    static func hmac(_ message: String, secret: String = KC.secret) -> String { KuCoinAuth.hmac(message, secret: secret) }

    /// Whether a recorded request carries KuCoin's headers with a valid signature over what was sent.
    static func isSigned(_ request: RecordedRequest) -> Bool { KuCoinAuth.isSigned(request, key: key, secret: secret, passphrase: passphrase) }
}

func dec(_ text: String) -> Decimal { try! DecimalParser.parse(text) }
