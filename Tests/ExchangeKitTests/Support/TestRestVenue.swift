import ExchangeKit
import ExchangeKitTesting
import Foundation
import Logging
import Synchronization

/// A KuCoin-like venue for RestClient tests: `{"code":"200000","data":…}` envelope,
/// HMAC-signed headers, gw-ratelimit-* headers, 400002 for a bad timestamp.
struct TestRestVenue: RestVenue {
    let id: VenueID
    let baseURL: String
    let signer: (any Signer)?
    let rateLimitPools: [RateLimitPool]

    init(id: VenueID = "test", baseURL: String, credentials: Credentials? = TestRestVenue.credentials,
         pools: [RateLimitPool] = [RateLimitPool("Private", quota: 1000, window: .seconds(30)), RateLimitPool("Public", quota: 1000, window: .seconds(30))]) {
        self.id = id
        self.baseURL = baseURL
        self.signer = credentials.map(TestSigner.init)
        self.rateLimitPools = pools
    }

    static let secret = "TEST-secret-0123456789abcdef"
    static let passphrase = "TEST-passphrase-xyz"
    static let credentials = Credentials(key: "test-key-1", secret: secret, passphrase: passphrase)

    var defaultHeaders: [(String, String)] { [("Content-Type", "application/json")] }

    struct Envelope: Decodable {
        let code: String
        let msg: String?
    }

    func validate(_ response: RestResponse, for request: RestRequest) throws(ExchangeError) -> RestResponse {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(response.body)) else {
            if response.status >= 500 {
                throw ExchangeError.api(code: "http\(response.status)", message: "server error", venue: id, httpStatus: response.status)
            }
            throw ExchangeError.decoding("not an envelope", input: response.body, venue: id)
        }
        let message = envelope.msg ?? ""
        switch envelope.code {
        case "200000":
            return response
        case "429000":
            let reset = response.header("gw-ratelimit-reset").flatMap(Int64.init).map(Duration.milliseconds)
            throw ExchangeError.rateLimited(retryAfter: reset, venue: id, message: message)
        case "400002":
            throw ExchangeError.authentication(.timestamp, message: message, venue: id)
        case "400005":
            throw ExchangeError.authentication(.invalidSignature, message: message, venue: id)
        default:
            throw ExchangeError.api(code: envelope.code, message: message, venue: id, httpStatus: response.status)
        }
    }

    func rateLimitObservations(in response: RestResponse, for request: RestRequest) -> [RateLimitObservation] {
        guard let pool = request.endpoint.costs.first?.pool,
              let remaining = response.header("gw-ratelimit-remaining").flatMap(Int.init) else { return [] }
        return [RateLimitObservation(
            pool: pool, limit: response.header("gw-ratelimit-limit").flatMap(Int.init), remaining: remaining,
            resetIn: response.header("gw-ratelimit-reset").flatMap(Int64.init).map(Duration.milliseconds))]
    }

    var serverTimeRequest: RestRequest? {
        RestRequest(.GET, "/api/v1/timestamp", endpoint: Endpoint("serverTime", costs: [RateLimitCost("Public", weight: 1)]))
    }

    func serverTime(from response: RestResponse) throws(ExchangeError) -> Timestamp {
        struct Time: Decodable { let data: Int64 }
        return Timestamp(milliseconds: try response.decode(Time.self, venue: id).data)
    }

    // Requests the tests send.
    static func position(_ symbol: String = "XBTUSDTM") -> RestRequest {
        RestRequest(.GET, "/api/v1/position", query: [QueryItem("symbol", symbol)],
                    endpoint: Endpoint("position", costs: [RateLimitCost("Private", weight: 2)], isAuthenticated: true))
    }

    static func placeOrder(clientOrderID: String = "order-1") -> RestRequest {
        let body = #"{"clientOid":"\#(clientOrderID)","side":"buy","symbol":"XBTUSDTM","type":"limit","price":"96000","size":3}"#
        return RestRequest(.POST, "/api/v1/orders", body: Array(body.utf8),
                           endpoint: Endpoint("placeOrder", costs: [RateLimitCost("Private", weight: 2)], isAuthenticated: true, idempotency: .nonIdempotent),
                           clientOrderID: clientOrderID)
    }

    static func ticker() -> RestRequest {
        RestRequest(.GET, "/api/v1/ticker", query: [QueryItem("symbol", "XBTUSDTM")],
                    endpoint: Endpoint("ticker", costs: [RateLimitCost("Public", weight: 2)]))
    }
}

/// KuCoin's signing scheme with other header names: base64 HMAC of `timestamp + METHOD + rawTarget + body`.
struct TestSigner: Signer {
    let key: String
    let hmac: HMACKey
    let signedPassphrase: String

    init(_ credentials: Credentials) {
        key = credentials.key
        hmac = HMACKey(secret: credentials.secret)
        signedPassphrase = credentials.passphrase.map { passphrase in
            passphrase.withUnredactedValue { HMACKey(secret: credentials.secret).base64(for: Array($0.utf8)) }
        } ?? ""
    }

    func sign(_ request: inout PreparedRequest, at time: Timestamp) throws(ExchangeError) {
        let timestamp = String(time.milliseconds)
        let prehash = timestamp + request.method.rawValue + request.rawTarget + String(decoding: request.body, as: UTF8.self)
        request.headers.append(("T-API-KEY", key))
        request.headers.append(("T-API-TIMESTAMP", timestamp))
        request.headers.append(("T-API-SIGN", hmac.base64(for: Array(prehash.utf8))))
        request.headers.append(("T-API-PASSPHRASE", signedPassphrase))
    }
}

/// The venue's side of signing: what the server checks.
enum TestVerifier {
    /// Whether a recorded request carries a valid signature over exactly what was sent.
    static func isSignatureValid(_ request: RecordedRequest) -> Bool {
        guard let timestamp = request.header("T-API-TIMESTAMP"), let signature = request.header("T-API-SIGN") else { return false }
        let raw = request.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let target = raw.isEmpty ? request.path : request.path + "?" + raw
        let prehash = timestamp + request.method + target + request.bodyString
        let expected = HMACKey(secret: Secret(TestRestVenue.secret)).base64(for: Array(prehash.utf8))
        return expected == signature && request.header("T-API-KEY") == "test-key-1"
    }

    /// The signed timestamp of a recorded request.
    static func timestamp(_ request: RecordedRequest) -> Int64? {
        request.header("T-API-TIMESTAMP").flatMap(Int64.init)
    }
}

/// A log handler that keeps every line, to prove secrets never reach logs.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let error = event.error.map { " error=\($0)" } ?? ""
            capture.append("\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))\(error)")
        }
    }
}

/// A monotonic test wall clock: real time, plus a fixed offset, advancing at least 1 ms per reading
/// so every attempt's timestamp is distinct.
final class SteppingClock: Sendable {
    private let last = Mutex<Int64>(0)
    let offset: Duration

    init(offset: Duration = .zero) { self.offset = offset }

    func now() -> Timestamp {
        let real = Timestamp.now().advanced(by: offset).milliseconds
        return last.withLock { last in
            last = max(real, last + 1)
            return Timestamp(milliseconds: last)
        }
    }
}
