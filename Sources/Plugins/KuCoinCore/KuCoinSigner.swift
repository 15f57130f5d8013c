import ExchangeKit

/// KuCoin's request signature (key versions 2 and 3 sign alike).
///
/// Prehash: `timestamp + METHOD + path?query + body` over the exact bytes sent, with
/// the query in its unencoded form (KuCoin signs it so; build parameters from
/// unreserved characters and both forms coincide). The passphrase is HMAC'd once.
/// See https://www.kucoin.com/docs-new/authentication.
public struct KuCoinSigner: Signer {
    private let key: String
    private let hmac: HMACKey
    private let signedPassphrase: String
    private let keyVersion: String

    /// Creates a signer.
    /// - Throws: ``ExchangeError`` (`.configuration`) when the credentials lack a passphrase.
    public init(credentials: Credentials, keyVersion: String = "2") throws {
        guard let passphrase = credentials.passphrase else {
            throw ExchangeError.configuration("KuCoin credentials need a passphrase")
        }
        key = credentials.key
        hmac = HMACKey(secret: credentials.secret)
        signedPassphrase = passphrase.withUnredactedValue { HMACKey(secret: credentials.secret).base64(for: Array($0.utf8)) }
        self.keyVersion = keyVersion
    }

    /// The prehash string KuCoin signs.
    public static func prehash(timestamp: String, request: PreparedRequest) -> [UInt8] {
        var bytes = Array(timestamp.utf8)
        bytes.append(contentsOf: request.method.rawValue.utf8)
        bytes.append(contentsOf: request.rawTarget.utf8)
        bytes.append(contentsOf: request.body)
        return bytes
    }

    /// The key and the signed passphrase identify the account: dumps redact them.
    public var redactedFields: Set<String> { ["KC-API-KEY", "KC-API-PASSPHRASE"] }

    public func sign(_ request: inout PreparedRequest, at time: Timestamp) throws(ExchangeError) {
        let timestamp = String(time.milliseconds)
        let signature = hmac.base64(for: Self.prehash(timestamp: timestamp, request: request))
        request.headers.append(("KC-API-KEY", key))
        request.headers.append(("KC-API-SIGN", signature))
        request.headers.append(("KC-API-TIMESTAMP", timestamp))
        request.headers.append(("KC-API-PASSPHRASE", signedPassphrase))
        request.headers.append(("KC-API-KEY-VERSION", keyVersion))
    }
}
