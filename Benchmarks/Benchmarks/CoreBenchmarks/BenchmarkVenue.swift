import ExchangeKit

/// A KuCoin-like venue for the REST benchmarks: HMAC-signed headers, one large
/// rate-limit pool, and a `code` field in every JSON answer.
struct BenchmarkVenue: RestVenue {
    static let futuresPool = "Futures"

    let id: VenueID = "benchmark-kucoin"
    let baseURL: String
    let signer: (any Signer)?
    /// Large enough that no benchmark run ever waits for it.
    let rateLimitPools = [RateLimitPool(futuresPool, quota: 1_000_000_000, window: .seconds(30))]

    init(baseURL: String, credentials: Credentials) {
        self.baseURL = baseURL
        self.signer = KuCoinStyleSigner(credentials: credentials)
    }

    /// The authenticated read the benchmark sends: `GET /api/v1/position?symbol=XBTUSDTM`.
    static let positionEndpoint = Endpoint("position", costs: [RateLimitCost(futuresPool, weight: 2)], isAuthenticated: true)
    static let positionRequest = RestRequest(
        .GET, "/api/v1/position", query: [QueryItem("symbol", "XBTUSDTM")], endpoint: positionEndpoint)

    func validate(_ response: RestResponse, for request: RestRequest) throws(ExchangeError) -> RestResponse {
        let code = JSONCodeField.read(response.body)
        if response.status == 200 && code == "200000" { return response }
        if response.status == 429 || code == "429000" {
            throw ExchangeError.rateLimited(retryAfter: nil, venue: id)
        }
        throw ExchangeError.api(code: code ?? "none", message: "HTTP \(response.status)", venue: id, httpStatus: response.status)
    }
}

/// Signs as KuCoin does (API key version 2): base64 HMAC-SHA256 of
/// `timestamp + METHOD + rawTarget + body`, and a signed passphrase.
struct KuCoinStyleSigner: Signer {
    let apiKey: String
    let key: HMACKey
    /// The passphrase, itself signed once with the secret.
    let signedPassphrase: String

    init(credentials: Credentials) {
        apiKey = credentials.key
        key = HMACKey(secret: credentials.secret)
        signedPassphrase = credentials.passphrase.map { passphrase in
            passphrase.withUnredactedValue { HMACKey(secret: credentials.secret).base64(for: Array($0.utf8)) }
        } ?? ""
    }

    func sign(_ request: inout PreparedRequest, at time: Timestamp) throws(ExchangeError) {
        let timestamp = String(time.milliseconds)
        let target = request.rawTarget
        var prehash: [UInt8] = []
        prehash.reserveCapacity(timestamp.utf8.count + 6 + target.utf8.count + request.body.count)
        prehash.append(contentsOf: timestamp.utf8)
        prehash.append(contentsOf: request.method.rawValue.utf8)
        prehash.append(contentsOf: target.utf8)
        prehash.append(contentsOf: request.body)
        request.headers.append(("KC-API-KEY", apiKey))
        request.headers.append(("KC-API-SIGN", key.base64(for: prehash)))
        request.headers.append(("KC-API-TIMESTAMP", timestamp))
        request.headers.append(("KC-API-PASSPHRASE", signedPassphrase))
        request.headers.append(("KC-API-KEY-VERSION", "2"))
    }
}

/// Reads the string value of the first `"code"` member of a JSON object without
/// decoding the rest (enough for a benchmark venue's envelope check).
enum JSONCodeField {
    static func read(_ body: [UInt8]) -> String? {
        let name = Array(#""code""#.utf8)
        guard body.count > name.count else { return nil }
        var index = 0
        search: while index + name.count <= body.count {
            for offset in 0..<name.count where body[index + offset] != name[offset] {
                index += 1
                continue search
            }
            index += name.count
            while index < body.count, body[index] == UInt8(ascii: " ") || body[index] == UInt8(ascii: ":") { index += 1 }
            guard index < body.count, body[index] == UInt8(ascii: "\"") else { return nil }
            let start = index + 1
            guard let end = body[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return String(decoding: body[start..<end], as: UTF8.self)
        }
        return nil
    }
}
