import Crypto
import ExchangeKit
import Foundation
import HTTPTypes

/// Checks KuCoin's request signature the way KuCoin does: the four headers present, the key
/// known, the passphrase (HMAC'd with the secret for key versions 2 and 3) right, the
/// timestamp within 5 s of the server's clock, and `base64(HMAC-SHA256(secret, timestamp +
/// METHOD + path?query + body))` equal to `KC-API-SIGN` (the query signed not percent-encoded).
///
/// Written apart from ExchangeKit's signer on purpose: the simulator checks the client, it
/// must not share its mistakes.
struct SimAuthenticator: Sendable {
    let credentials: SimulatorCredentials

    /// Why a request was refused: KuCoin's code, message and HTTP status.
    struct Refusal: Error {
        var code: String
        var message: String
        var status: Int
    }

    static let tolerance: Int64 = 5_000

    func verify(method: String, path: String, query: String?, body: [UInt8], headers: HTTPFields, now: Timestamp) throws(Refusal) {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        guard let key = header("KC-API-KEY"), let signature = header("KC-API-SIGN"), let timestamp = header("KC-API-TIMESTAMP"),
              let passphrase = header("KC-API-PASSPHRASE") else {
            throw Refusal(code: "400001", message: "Please check the header of your request for KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP, KC-API-PASSPHRASE", status: 401)
        }
        guard let millis = Int64(timestamp), abs(millis - now.milliseconds) <= Self.tolerance else {
            throw Refusal(code: "400002", message: "Invalid KC-API-TIMESTAMP", status: 401)
        }
        guard key == credentials.key else { throw Refusal(code: "400003", message: "KC-API-KEY not exists", status: 401) }
        let secret = credentials.secret.withUnredactedValue { Array($0.utf8) }
        let expectedPassphrase = credentials.passphrase.withUnredactedValue { Self.hmac(secret, Array($0.utf8)) }
        let version = header("KC-API-KEY-VERSION") ?? "1"
        let passphraseMatches = version == "1"
            ? credentials.passphrase.withUnredactedValue { $0 == passphrase }
            : passphrase == expectedPassphrase
        guard passphraseMatches else { throw Refusal(code: "400004", message: "Invalid KC-API-PASSPHRASE", status: 401) }
        let decodedQuery = query.map { $0.removingPercentEncoding ?? $0 }
        let target = decodedQuery.map { $0.isEmpty ? path : "\(path)?\($0)" } ?? path
        let prehash = Array((timestamp + method + target).utf8) + body
        guard signature == Self.hmac(secret, prehash) else {
            throw Refusal(code: "400005", message: "Signature verification failed", status: 401)
        }
    }

    static func hmac(_ key: [UInt8], _ message: [UInt8]) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))).base64EncodedString()
    }
}
