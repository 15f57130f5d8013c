import ExchangeKit
import Foundation

/// KuCoin's REST rules, shared by Futures and Spot: the `200000` envelope, the error
/// codes, the `gw-ratelimit-*` headers and the server clock.
public struct KuCoinRestVenue: RestVenue {
    public let id: VenueID
    public let baseURL: String
    public let signer: (any Signer)?
    public let product: KuCoinProduct
    public var rateLimitPools: [RateLimitPool] { product.pools }
    public var defaultHeaders: [(String, String)] { [("Content-Type", "application/json")] }

    /// Creates the venue's REST rules.
    public init(id: VenueID, product: KuCoinProduct, baseURL: String, signer: (any Signer)?) {
        self.id = id
        self.product = product
        self.baseURL = baseURL
        self.signer = signer
    }

    /// The REST client of a product from a Plugins.yaml entry (or a configuration made in code):
    /// the entry's `rest_url`, else the product's live host; signed with the entry's credentials
    /// and `key_version` when it has credentials.
    /// - Throws: ``ExchangeError`` (`.configuration`) when no REST URL is known for the environment
    ///   or the credentials lack a passphrase.
    public static func client(product: KuCoinProduct, config: VenueConfig, context: VenueContext) throws -> RestClient {
        guard let baseURL = config.restURL ?? (config.environment == .live ? product.liveRESTURL : nil) else {
            throw ExchangeError.configuration("no REST URL for environment \(config.environment.rawValue); set rest_url", venue: config.id)
        }
        let signer = try config.credentials.map { try KuCoinSigner(credentials: $0, keyVersion: config.options["key_version"] ?? "2") }
        let venue = KuCoinRestVenue(id: config.id, product: product, baseURL: baseURL, signer: signer)
        return RestClient(venue: venue, configuration: config.restClientConfiguration, httpClient: context.httpClient,
                          logger: context.logger, metrics: context.metrics, wallClock: context.wallClock)
    }

    struct ErrorBody: Decodable {
        let code: String
        let msg: String?
    }

    public func validate(_ response: RestResponse, for request: RestRequest) throws(ExchangeError) -> RestResponse {
        // Only the code is read here; the payload is decoded by the typed call.
        guard let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)) else {
            if response.status >= 500 {
                throw ExchangeError.api(code: "http\(response.status)", message: "KuCoin answered HTTP \(response.status) without an envelope",
                                        venue: id, httpStatus: response.status)
            }
            if response.status == 429 {
                throw ExchangeError.rateLimited(retryAfter: resetCountdown(response), venue: id, message: "KuCoin answered HTTP 429")
            }
            throw ExchangeError.decoding("KuCoin answered HTTP \(response.status) with a body that is not its envelope",
                                         input: response.body, venue: id)
        }
        guard body.code != "200000" else { return response }
        throw KuCoinErrorCodes.error(code: body.code, message: body.msg ?? "", httpStatus: response.status, venue: id,
                                     retryAfter: resetCountdown(response), clientOrderID: request.clientOrderID)
    }

    public func rateLimitObservations(in response: RestResponse, for request: RestRequest) -> [RateLimitObservation] {
        guard let pool = request.endpoint.costs.first?.pool,
              let remaining = response.header("gw-ratelimit-remaining").flatMap(Int.init) else { return [] }
        return [RateLimitObservation(pool: pool, limit: response.header("gw-ratelimit-limit").flatMap(Int.init),
                                     remaining: remaining, resetIn: resetCountdown(response))]
    }

    private func resetCountdown(_ response: RestResponse) -> Duration? {
        response.header("gw-ratelimit-reset").flatMap(Int64.init).map { .milliseconds($0) }
    }

    public var serverTimeRequest: RestRequest? {
        RestRequest(.GET, "/api/v1/timestamp", endpoint: Endpoint("serverTime", costs: [RateLimitCost(KuCoinPool.public, weight: product == .spot ? 3 : 2)]))
    }

    public func serverTime(from response: RestResponse) throws(ExchangeError) -> Timestamp {
        Timestamp(milliseconds: try response.decode(KuCoinEnvelope<Int64>.self, venue: id).data)
    }
}

/// KuCoin's success envelope: `{"code":"200000","data":…}`.
public struct KuCoinEnvelope<Payload: Decodable & Sendable>: Decodable, Sendable {
    public let code: String
    public let data: Payload
}

extension RestClient {
    /// Sends a KuCoin request and decodes the envelope's `data`.
    /// - Throws: ``ExchangeError``.
    public func kucoinData<Payload: Decodable & Sendable>(_ request: RestRequest, as type: Payload.Type) async throws -> Payload {
        try await send(request, as: KuCoinEnvelope<Payload>.self).data
    }
}
