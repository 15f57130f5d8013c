/// A venue request before signing: what to call, with what, and what it costs.
public struct RestRequest: Sendable {
    public var method: HTTPMethod
    /// The path, with path parameters already substituted (`/api/v1/orders/123`).
    public var path: String
    /// Query parameters in the order they are sent.
    public var query: [QueryItem]
    /// The exact body bytes (signatures cover them); nil for none.
    public var body: [UInt8]?
    /// Extra headers the venue needs besides authentication.
    public var headers: [(String, String)]
    /// Pools, weight, authentication and idempotency.
    public var endpoint: Endpoint
    /// The client order id this request carries, reported in ``ExchangeError/outcomeUnknown(clientOrderID:venue:message:underlying:)``.
    public var clientOrderID: String?

    /// Creates a request.
    public init(
        _ method: HTTPMethod, _ path: String, query: [QueryItem] = [], body: [UInt8]? = nil,
        headers: [(String, String)] = [], endpoint: Endpoint, clientOrderID: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headers = headers
        self.endpoint = endpoint
        self.clientOrderID = clientOrderID
    }
}

/// A request as it will be sent, handed to a ``Signer`` to authenticate.
///
/// The signer may add headers and query parameters (Binance appends
/// `timestamp` and `signature`); what it signs must be exactly what is sent,
/// which is why the client encodes the query only after signing.
public struct PreparedRequest: Sendable {
    public let method: HTTPMethod
    public let path: String
    public var query: [QueryItem]
    /// The body bytes sent (empty for none).
    public let body: [UInt8]
    public var headers: [(String, String)]

    /// Creates a prepared request.
    public init(method: HTTPMethod, path: String, query: [QueryItem], body: [UInt8], headers: [(String, String)]) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headers = headers
    }

    /// The path and query as sent: `/path?a=1&b=%20` (percent-encoded).
    public var encodedTarget: String {
        query.isEmpty ? path : path + "?" + query.encodedQueryString
    }

    /// The path and query not percent-encoded: `/path?a=1&b= ` (what KuCoin signs).
    public var rawTarget: String {
        query.isEmpty ? path : path + "?" + query.rawQueryString
    }
}
