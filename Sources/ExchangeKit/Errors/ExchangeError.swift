/// An error from any venue, classified so a caller can act on it.
///
/// Match on ``code`` (an extensible set, so new kinds break nobody) and read the
/// rest; ``isRetryable`` says whether the same request may succeed later.
/// It never holds a secret: messages are built from codes and venue text only.
///
/// ```swift
/// do { try await futures.placeOrder(order) }
/// catch let error as ExchangeError where error.code == .outcomeUnknown {
///     let order = try await futures.order(clientOrderID: error.clientOrderID!)
/// }
/// ```
public struct ExchangeError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        private init(_ name: String) { self.name = name }

        /// The venue answered with an error of its own (see ``ExchangeError/venueCode``).
        public static let api = Code("api")
        /// A rate limit was hit or would be; see ``ExchangeError/retryAfter``.
        public static let rateLimited = Code("rateLimited")
        /// The venue refused the credentials: key, signature, passphrase, timestamp, IP or permission.
        public static let authentication = Code("authentication")
        /// The request itself was wrong (parameters, symbol, size); retrying cannot help.
        public static let invalidRequest = Code("invalidRequest")
        /// A non-idempotent request may or may not have taken effect; look it up by its client id.
        public static let outcomeUnknown = Code("outcomeUnknown")
        /// The connection failed.
        public static let transport = Code("transport")
        /// No answer within the deadline.
        public static let timeout = Code("timeout")
        /// The venue's answer could not be read.
        public static let decoding = Code("decoding")
        /// A stream's connection is gone.
        public static let disconnected = Code("disconnected")
        /// The configuration is wrong or incomplete.
        public static let configuration = Code("configuration")
        /// The venue does not offer this capability.
        public static let unsupported = Code("unsupported")

        public var description: String { name }
    }

    /// Which credential check failed, for ``Code/authentication`` errors.
    public enum AuthenticationReason: String, Sendable, Hashable {
        case missingCredentials
        case invalidKey
        case invalidSignature
        case invalidPassphrase
        /// The request timestamp was outside the venue's window: the clock skew is re-estimated.
        case timestamp
        case ipNotAllowed
        case permissionDenied
        case other
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation, free of secrets.
    public var message: String
    /// The venue id, when the error is tied to one.
    public var venue: VenueID?
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?
    /// The venue's own error code (`"400005"`, `"-1021"`).
    public var venueCode: String?
    /// The venue's own error text.
    public var venueMessage: String?
    /// How long to wait before trying again, when known.
    public var retryAfter: Duration?
    /// The client order id of an order whose outcome is unknown, or that was rejected.
    public var clientOrderID: String?
    /// Which credential check failed.
    public var authenticationReason: AuthenticationReason?
    /// The missing capability, for ``Code/unsupported``.
    public var capability: String?
    /// At most 256 bytes of the input that could not be decoded.
    public var excerpt: String?
    /// The error underneath, when one caused this.
    public var underlying: (any Error & Sendable)?

    /// Creates an error; prefer the static factories.
    public init(
        code: Code, message: String, venue: VenueID? = nil, httpStatus: Int? = nil,
        venueCode: String? = nil, venueMessage: String? = nil, retryAfter: Duration? = nil,
        clientOrderID: String? = nil, authenticationReason: AuthenticationReason? = nil,
        capability: String? = nil, excerpt: String? = nil, underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.venue = venue
        self.httpStatus = httpStatus
        self.venueCode = venueCode
        self.venueMessage = venueMessage
        self.retryAfter = retryAfter
        self.clientOrderID = clientOrderID
        self.authenticationReason = authenticationReason
        self.capability = capability
        self.excerpt = excerpt
        self.underlying = underlying
    }

    /// Whether sending the same request again may succeed.
    public var isRetryable: Bool {
        switch code {
        case .rateLimited, .transport, .timeout, .disconnected:
            return true
        case .api:
            return (httpStatus ?? 0) >= 500
        case .authentication:
            return authenticationReason == .timestamp
        default:
            return false
        }
    }

    /// The kind and the venue, without details: fit for a metric label.
    public var shortDescription: String {
        if let venue { return "\(venue): \(code)" }
        return code.description
    }

    public var description: String {
        var parts = ["ExchangeError.\(code)"]
        if let venue { parts.append("venue=\(venue)") }
        if let httpStatus { parts.append("http=\(httpStatus)") }
        if let venueCode { parts.append("venueCode=\(venueCode)") }
        if let authenticationReason { parts.append("reason=\(authenticationReason.rawValue)") }
        if let clientOrderID { parts.append("clientOrderID=\(clientOrderID)") }
        if let retryAfter { parts.append("retryAfter=\(retryAfter)") }
        var text = parts.joined(separator: " ") + ": " + message
        if let venueMessage, !message.contains(venueMessage) { text += " (\(venueMessage))" }
        if let excerpt { text += " excerpt: \(excerpt)" }
        return text
    }
}

extension ExchangeError {
    /// The venue answered with an error of its own.
    public static func api(code venueCode: String, message: String, venue: VenueID? = nil, httpStatus: Int? = nil) -> ExchangeError {
        ExchangeError(code: .api, message: "venue error \(venueCode): \(message)", venue: venue, httpStatus: httpStatus,
                      venueCode: venueCode, venueMessage: message)
    }

    /// A rate limit was hit; wait `retryAfter` when given.
    public static func rateLimited(retryAfter: Duration?, venue: VenueID? = nil, message: String = "rate limit reached") -> ExchangeError {
        ExchangeError(code: .rateLimited, message: message, venue: venue, retryAfter: retryAfter)
    }

    /// The venue refused the credentials.
    public static func authentication(_ reason: AuthenticationReason, message: String, venue: VenueID? = nil) -> ExchangeError {
        ExchangeError(code: .authentication, message: message, venue: venue, authenticationReason: reason)
    }

    /// The request was wrong.
    public static func invalidRequest(_ message: String, venue: VenueID? = nil) -> ExchangeError {
        ExchangeError(code: .invalidRequest, message: message, venue: venue)
    }

    /// An order placement may or may not have reached the venue.
    public static func outcomeUnknown(clientOrderID: String?, venue: VenueID? = nil, message: String, underlying: (any Error & Sendable)? = nil) -> ExchangeError {
        ExchangeError(code: .outcomeUnknown, message: message, venue: venue, clientOrderID: clientOrderID, underlying: underlying)
    }

    /// The connection failed.
    public static func transport(_ message: String, venue: VenueID? = nil, underlying: (any Error & Sendable)? = nil) -> ExchangeError {
        ExchangeError(code: .transport, message: message, venue: venue, underlying: underlying)
    }

    /// No answer within the deadline.
    public static func timeout(_ message: String, venue: VenueID? = nil) -> ExchangeError {
        ExchangeError(code: .timeout, message: message, venue: venue)
    }

    /// The input could not be read; keeps at most 256 bytes of it.
    public static func decoding(_ message: String, input: some Collection<UInt8>, venue: VenueID? = nil) -> ExchangeError {
        ExchangeError(code: .decoding, message: message, venue: venue, excerpt: excerpt(of: input))
    }

    /// A stream's connection is gone.
    public static func disconnected(_ message: String, venue: VenueID? = nil) -> ExchangeError {
        ExchangeError(code: .disconnected, message: message, venue: venue)
    }

    /// The configuration is wrong or incomplete.
    public static func configuration(_ message: String, venue: VenueID? = nil) -> ExchangeError {
        ExchangeError(code: .configuration, message: message, venue: venue)
    }

    /// The venue does not offer this capability.
    public static func unsupported(_ capability: String, venue: VenueID? = nil) -> ExchangeError {
        ExchangeError(code: .unsupported, message: "\(capability) is not supported", venue: venue, capability: capability)
    }

    /// The largest excerpt an error keeps.
    public static let maxExcerptBytes = 256

    /// At most ``maxExcerptBytes`` bytes of input as text, invalid UTF-8 repaired, ending in `…` when cut.
    public static func excerpt(of input: some Collection<UInt8>) -> String {
        let cut = input.count > maxExcerptBytes
        let marker = cut ? "…" : ""
        let budget = maxExcerptBytes - marker.utf8.count
        var text = String(decoding: input.prefix(budget), as: UTF8.self)
        // Repair may grow the text (U+FFFD is 3 bytes); keep the promise of 256 bytes.
        while text.utf8.count > budget { text.removeLast() }
        return text + marker
    }
}
