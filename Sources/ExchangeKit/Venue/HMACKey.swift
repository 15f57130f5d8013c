import Crypto
import Foundation

/// An HMAC-SHA256 key, keyed once and copied per message.
///
/// Keying HMAC hashes the secret into inner and outer pads; doing it once and
/// copying the keyed state halves the cost of a signature (0.99 µs against
/// 2.0 µs per call, as measured when the stack was chosen).
public struct HMACKey: Sendable {
    private let keyed: HMAC<SHA256>

    /// Keys HMAC-SHA256 with a secret's UTF-8 bytes.
    public init(secret: Secret) {
        keyed = secret.withUnredactedValue { HMAC<SHA256>(key: SymmetricKey(data: Array($0.utf8))) }
    }

    /// The raw 32-byte authentication code of a message.
    public func authenticationCode<D: DataProtocol>(for message: D) -> [UInt8] {
        var hmac = keyed
        hmac.update(data: message)
        return Array(hmac.finalize())
    }

    /// The authentication code of a message, base64-encoded (KuCoin).
    public func base64<D: DataProtocol>(for message: D) -> String {
        var hmac = keyed
        hmac.update(data: message)
        return Data(hmac.finalize()).base64EncodedString()
    }

    /// The authentication code of a message, lower-case hex (Binance).
    public func hex<D: DataProtocol>(for message: D) -> String {
        var hmac = keyed
        hmac.update(data: message)
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in hmac.finalize() {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
