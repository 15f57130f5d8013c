import ExchangeKit

/// KuCoin's error codes mapped onto ``ExchangeError``.
///
/// KuCoin answers errors with `{"code":"<string>","msg":"<text>"}`, often under
/// HTTP 200, so the code decides, not the status. See PROTOCOL.md §3.
public enum KuCoinErrorCodes {
    /// The error a non-success code means.
    /// - Parameters:
    ///   - code: the envelope's `code`.
    ///   - message: the envelope's `msg`.
    ///   - httpStatus: the HTTP status it came with.
    ///   - retryAfter: the `gw-ratelimit-reset` countdown, for 429000.
    ///   - clientOrderID: the request's client order id, for order errors.
    public static func error(code: String, message: String, httpStatus: Int, venue: VenueID,
                             retryAfter: Duration? = nil, clientOrderID: String? = nil) -> ExchangeError {
        func auth(_ reason: ExchangeError.AuthenticationReason) -> ExchangeError {
            var error = ExchangeError.authentication(reason, message: "KuCoin \(code): \(message)", venue: venue)
            error.venueCode = code
            error.venueMessage = message
            error.httpStatus = httpStatus
            return error
        }
        func invalid() -> ExchangeError {
            var error = ExchangeError.invalidRequest("KuCoin \(code): \(message)", venue: venue)
            error.venueCode = code
            error.venueMessage = message
            error.httpStatus = httpStatus
            error.clientOrderID = clientOrderID
            return error
        }
        switch code {
        case "400001": return auth(.missingCredentials)
        case "400002": return auth(.timestamp)
        case "400003": return auth(.invalidKey)
        case "400004": return auth(.invalidPassphrase)
        case "400005": return auth(.invalidSignature)
        case "400006": return auth(.ipNotAllowed)
        case "400007": return auth(.permissionDenied)
        case "411100": return auth(.other)
        case "429000":
            var error = ExchangeError.rateLimited(retryAfter: retryAfter, venue: venue, message: "KuCoin 429000: \(message)")
            error.venueCode = code
            error.venueMessage = message
            error.httpStatus = httpStatus
            return error
        case "400100", "400200", "404000", "404", "415000", "300000", "300001", "300003", "300004", "300005", "300006",
             "300007", "300008", "300009", "300010", "300011", "300012", "300013", "300014", "300016", "300018",
             "100001", "100002", "100003", "100004", "100005", "200001", "200003", "200004":
            return invalid()
        default:
            var error = ExchangeError.api(code: code, message: message, venue: venue, httpStatus: httpStatus)
            error.clientOrderID = clientOrderID
            return error
        }
    }

    /// Whether a code means the client order id was already used (the order exists).
    public static func isDuplicateClientOrderID(_ error: ExchangeError) -> Bool { error.venueCode == "300018" }
}
