import Crypto
import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinSpot
import Testing

/// Test credentials and helpers for KuCoin Spot against the scripted servers.
enum SpotTest {
    static let key = "spot-test-key"
    static let secret = "spot-test-SECRET-81c4"
    static let passphrase = "spot-test-PASS-5e"
    static let credentials = Credentials(key: key, secret: secret, passphrase: passphrase)

    /// A REST sample's text.
    static func rest(_ name: String) throws -> String { try Fixture.text("rest/\(name).json", in: .module) }

    /// A WebSocket sample's bytes.
    static func ws(_ name: String) throws -> [UInt8] { try Fixture.bytes("ws/\(name).json", in: .module) }

    /// A client of a scripted server, with credentials unless told otherwise.
    static func spot(_ server: ScriptedHTTPServer, credentials: Credentials? = SpotTest.credentials) throws -> KuCoinSpot {
        try KuCoinSpot(config: VenueConfig(id: "kucoin-spot", plugin: "KuCoinSpot", environment: .custom, restURL: server.baseURL,
                                           credentials: credentials, requestTimeout: .seconds(2), retryAttempts: 3,
                                           options: ["key_version": "2"]))
    }

    /// Whether a `KC-API-TIMESTAMP` is this machine's time in milliseconds: not in the future, and
    /// within two minutes of now (generous: on a loaded machine a test may check long after sending).
    static func isRecentMilliseconds(_ text: String) -> Bool {
        guard let value = Int64(text) else { return false }
        let now = Timestamp.now().milliseconds
        return value <= now + 1_000 && value > now - 120_000
    }

    /// The signature recomputed with swift-crypto from what the server received: it checks
    /// KuCoin's prehash (`timestamp + METHOD + path?query + body`, query unencoded), the signed
    /// passphrase and the other headers, independently of ExchangeKit's signer.
    static func isSigned(_ request: RecordedRequest) -> Bool {
        func mac(_ message: String) -> String {
            Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))).base64EncodedString()
        }
        guard let timestamp = request.header("KC-API-TIMESTAMP"), let sign = request.header("KC-API-SIGN") else { return false }
        let query = request.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let prehash = timestamp + request.method + request.path + (query.isEmpty ? "" : "?" + query) + request.bodyString
        return sign == mac(prehash) && request.header("KC-API-PASSPHRASE") == mac(passphrase) && request.header("KC-API-KEY") == key
            && request.header("KC-API-KEY-VERSION") == "2" && request.header("Content-Type") == "application/json"
            && isRecentMilliseconds(timestamp)
    }
}

/// An exact decimal from its text (Foundation's parser, not the decoder's).
func exact(_ text: String) -> Decimal {
    guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
        Issue.record("not a decimal: \(text)")
        return .nan
    }
    return value
}

/// A price level from texts.
func level(_ price: String, _ size: String) -> PriceLevel { PriceLevel(price: exact(price), size: exact(size)) }

/// Decodes one frame with the Spot decoder.
func spotDecode(_ bytes: [UInt8]) -> [StreamMessage] {
    var output: [StreamMessage] = []
    bytes.withUnsafeBytes { KuCoinSpotDecoder.decode($0, into: &output) }
    return output
}

func spotDecode(_ text: String) -> [StreamMessage] { spotDecode(Array(text.utf8)) }

/// The one event payload a frame decodes to (with its symbol and exchange time), or nil.
func spotEvent(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> (symbol: String?, time: Timestamp?, payload: StreamEvent.Payload)? {
    let output = spotDecode(bytes)
    #expect(output.count == 1, "expected one message, got \(output)", sourceLocation: sourceLocation)
    guard output.count == 1, case .event(let symbol, let time, let payload) = output[0] else { return nil }
    return (symbol, time, payload)
}

func spotEvent(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> (symbol: String?, time: Timestamp?, payload: StreamEvent.Payload)? {
    spotEvent(Array(text.utf8), sourceLocation: sourceLocation)
}

/// The reason of a frame that decodes to one `decodeFailure`, or nil.
func spotFailure(_ text: String) -> String? {
    let output = spotDecode(text)
    guard output.count == 1, case .event(nil, nil, .decodeFailure(let error, _)) = output[0] else { return nil }
    return error
}
