import Crypto
import ExchangeKit
import ExchangeKitTesting
import Foundation

/// KuCoin's request signature recomputed with swift-crypto directly — not through ExchangeKit —
/// so tests check the plugin's signer against an independent implementation.
public enum KuCoinAuth {
    /// base64(HMAC-SHA256(secret, message)).
    public static func hmac(_ message: String, secret: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))).base64EncodedString()
    }

    /// Whether a recorded request carries KuCoin's headers with a valid signature over what was sent,
    /// for these credentials, signed now (within a minute: wide enough for a loaded 2-core machine).
    public static func isSigned(_ request: RecordedRequest, key: String, secret: String, passphrase: String, keyVersion: String = "2") -> Bool {
        guard let timestamp = request.header("KC-API-TIMESTAMP"), let signature = request.header("KC-API-SIGN") else { return false }
        // KuCoin signs the query unencoded.
        let raw = request.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let target = raw.isEmpty ? request.path : "\(request.path)?\(raw)"
        return signature == hmac(timestamp + request.method + target + request.bodyString, secret: secret)
            && request.header("KC-API-KEY") == key
            && request.header("KC-API-PASSPHRASE") == hmac(passphrase, secret: secret)
            && request.header("KC-API-KEY-VERSION") == keyVersion
            && request.header("Content-Type") == "application/json"
            && abs((Int64(timestamp) ?? 0) - Timestamp.now().milliseconds) < 60_000
    }
}
