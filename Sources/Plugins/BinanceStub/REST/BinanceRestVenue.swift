import ExchangeKit
import Foundation

/// Binance USDⓈ-M's REST rules: the `{code,msg}` error envelope, 418/429 with
/// `Retry-After`, the `X-MBX-USED-WEIGHT-1M` and `X-MBX-ORDER-COUNT-*` headers, and the
/// server clock (`GET /fapi/v1/time`).
public struct BinanceRestVenue: RestVenue {
    public let id: VenueID
    public let baseURL: String
    public let signer: (any Signer)?
    public var rateLimitPools: [RateLimitPool] { BinancePool.all }
    // Bodies, when any, are form-encoded (PROTOCOL.md §2).
    public var defaultHeaders: [(String, String)] { [("Content-Type", "application/x-www-form-urlencoded")] }

    /// Creates the venue's REST rules.
    public init(id: VenueID, baseURL: String, signer: (any Signer)?) {
        self.id = id
        self.baseURL = baseURL
        self.signer = signer
    }

    /// Binance's error envelope.
    struct ErrorBody: Decodable {
        let code: Int
        let msg: String?
    }

    public func validate(_ response: RestResponse, for request: RestRequest) throws(ExchangeError) -> RestResponse {
        let retryAfter = response.header("Retry-After").flatMap(Int64.init).map { Duration.seconds($0) }
        if response.status == 429 || response.status == 418 {
            let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            let what = response.status == 418 ? "the IP is banned" : "the rate limit was broken"
            var error = ExchangeError.rateLimited(retryAfter: retryAfter, venue: id,
                                                  message: "Binance answered HTTP \(response.status): \(what)\(body?.msg.map { " (\($0))" } ?? "")")
            error.httpStatus = response.status
            error.venueCode = body.map { String($0.code) }
            throw error
        }
        // Successes are objects or arrays without `code`; `DELETE allOpenOrders` answers `{"code":200,…}`.
        guard response.status >= 400 || Self.startsWithCode(response.body) else { return response }
        guard let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)) else {
            if (200..<300).contains(response.status) { return response }
            throw ExchangeError.api(code: "http\(response.status)", message: "Binance answered HTTP \(response.status) without an error envelope",
                                    venue: id, httpStatus: response.status)
        }
        if body.code >= 0 && response.status < 400 { return response }
        throw BinanceErrorCodes.error(code: body.code, message: body.msg ?? "", httpStatus: response.status, venue: id,
                                      retryAfter: retryAfter, clientOrderID: request.clientOrderID)
    }

    /// Whether a body opens with a `code` key (cheap: no parse of the large success bodies).
    static func startsWithCode(_ body: [UInt8]) -> Bool {
        let text = body.prefix(16).filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }
        return text.starts(with: Array(#"{"code""#.utf8))
    }

    public func rateLimitObservations(in response: RestResponse, for request: RestRequest) -> [RateLimitObservation] {
        // Binance's windows are calendar intervals of its clock; the Date header (whole seconds) places us in them.
        let now = response.header("Date").flatMap(HTTPDate.parse)
        return BinancePool.headers.compactMap { pool, header, window in
            guard let used = response.header(header).flatMap(Int.init) else { return nil }
            let quota = BinancePool.all.first { $0.id == pool }?.quota ?? 0
            let resetIn = now.map { window - .nanoseconds($0.nanoseconds % window.nanoseconds) }
            return RateLimitObservation(pool: pool, remaining: max(0, quota - used), resetIn: resetIn)
        }
    }

    public var serverTimeRequest: RestRequest? {
        RestRequest(.GET, "/fapi/v1/time", endpoint: BinanceEndpoint.public("serverTime", weight: 1))
    }

    public func serverTime(from response: RestResponse) throws(ExchangeError) -> Timestamp {
        Timestamp(milliseconds: try response.decode(ServerTimeWire.self, venue: id).serverTime)
    }
}

/// `GET /fapi/v1/time`: `{"serverTime":1499827319559}`.
struct ServerTimeWire: Decodable {
    let serverTime: Int64
}
