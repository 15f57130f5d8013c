/// Everything venue-specific about REST: where it is, how it signs, how its
/// answers and errors read, and what its rate limits are.
///
/// Typed endpoint methods (`position(symbol:)`, `placeOrder(_:)`) are built on
/// ``RestClient``, which calls into this for each request.
public protocol RestVenue: Sendable {
    /// The configured venue id, for errors, logs and metrics.
    var id: VenueID { get }
    /// The base URL requests' paths are appended to (`https://api-futures.kucoin.com`).
    var baseURL: String { get }
    /// The signer for authenticated endpoints; nil when no credentials are configured.
    var signer: (any Signer)? { get }
    /// The rate-limit pools endpoints draw from.
    var rateLimitPools: [RateLimitPool] { get }
    /// Headers sent with every request (`Content-Type`).
    var defaultHeaders: [(String, String)] { get }

    /// Returns the response when it is a success, else throws the error it means.
    ///
    /// The client acts on the error's code: `.rateLimited` waits and retries,
    /// `.authentication` with reason `.timestamp` re-estimates the clock skew and
    /// retries once, `.api` with a 5xx status is retried when idempotent.
    func validate(_ response: RestResponse, for request: RestRequest) throws(ExchangeError) -> RestResponse

    /// What the response's headers say about the rate-limit pools.
    func rateLimitObservations(in response: RestResponse, for request: RestRequest) -> [RateLimitObservation]

    /// The request that reads the venue's clock, used to estimate skew; nil if there is none.
    var serverTimeRequest: RestRequest? { get }

    /// Reads the venue's clock from the answer to ``serverTimeRequest``.
    func serverTime(from response: RestResponse) throws(ExchangeError) -> Timestamp
}

extension RestVenue {
    public var defaultHeaders: [(String, String)] { [] }

    public func rateLimitObservations(in response: RestResponse, for request: RestRequest) -> [RateLimitObservation] { [] }

    public var serverTimeRequest: RestRequest? { nil }

    public func serverTime(from response: RestResponse) throws(ExchangeError) -> Timestamp {
        throw ExchangeError.unsupported("serverTime", venue: id)
    }
}
