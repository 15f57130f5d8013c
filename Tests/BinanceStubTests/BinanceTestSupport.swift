import BinanceStub
import Crypto
import ExchangeKit
import ExchangeKitTesting
import Foundation

enum BN {
    static let key = "bn-test-key"
    static let secret = "bn-test-SECRET-9c1d"
    static let credentials = Credentials(key: key, secret: secret)

    static func fixture(_ path: String) throws -> String { try Fixture.text(path, in: Bundle.module) }

    /// A client of a scripted server.
    static func client(_ server: ScriptedHTTPServer, credentials: Credentials? = BN.credentials, wsURL: String? = nil,
                       options: [String: String] = [:]) throws -> BinanceStub {
        try BinanceStub(config: VenueConfig(id: "binance-usdm", plugin: "BinanceStub", environment: .custom, restURL: server.baseURL,
                                            wsURL: wsURL, credentials: credentials, requestTimeout: .seconds(5), retryAttempts: 2,
                                            options: options))
    }

    /// hex(HMAC-SHA256(secret, message)), computed with swift-crypto directly — not through ExchangeKit.
    static func hmacHex(_ message: String, secret: String = BN.secret) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a recorded request carries the key and a valid signature over the query before it plus the body.
    static func isSigned(_ request: RecordedRequest) -> Bool {
        guard let query = request.query, let range = query.range(of: "&signature=") else { return false }
        let signed = String(query[..<range.lowerBound])
        let signature = String(query[range.upperBound...])
        guard let timestamp = request.queryValue("timestamp").flatMap(Int64.init) else { return false }
        return signature == hmacHex(signed + request.bodyString) && request.header("X-MBX-APIKEY") == key
            && request.queryValue("recvWindow") == "5000"
            // Signed now, not replayed from long ago; wide enough for a loaded 2-core machine.
            && abs(timestamp - Timestamp.now().milliseconds) < 60_000
    }
}

func dec(_ text: String) -> Decimal { try! DecimalParser.parse(text) }

/// Decodes one frame with the plugin's decoder.
func decodeFrame(_ text: String) -> [StreamMessage] {
    var output: [StreamMessage] = []
    Array(text.utf8).withUnsafeBytes { BinanceDecoder.decode($0, into: &output) }
    return output
}

/// The payloads of decoded event messages.
func payloads(_ messages: [StreamMessage]) -> [StreamEvent.Payload] {
    messages.compactMap { if case .event(_, _, let payload) = $0 { payload } else { nil } }
}
