import ExchangeKit

/// Binance's error codes mapped onto ``ExchangeError``.
///
/// Binance answers errors with `{"code":<negative int>,"msg":"<text>"}` and a 4xx/5xx
/// status; the code decides the kind. See PROTOCOL.md §4 and
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code.
public enum BinanceErrorCodes {
    /// The error an envelope's code means.
    /// - Parameters:
    ///   - code: the envelope's `code`.
    ///   - message: the envelope's `msg`.
    ///   - httpStatus: the HTTP status it came with.
    ///   - retryAfter: the `Retry-After` wait, for rate-limit answers.
    ///   - clientOrderID: the request's client order id, for order errors.
    public static func error(code: Int, message: String, httpStatus: Int, venue: VenueID,
                             retryAfter: Duration? = nil, clientOrderID: String? = nil) -> ExchangeError {
        var error: ExchangeError
        switch code {
        case -1021, -5028:
            error = .authentication(.timestamp, message: "Binance \(code): \(message)", venue: venue)
        case -1022:
            error = .authentication(.invalidSignature, message: "Binance \(code): \(message)", venue: venue)
        case -2014:
            error = .authentication(.invalidKey, message: "Binance \(code): \(message)", venue: venue)
        case -2015:
            error = .authentication(.permissionDenied, message: "Binance \(code): \(message)", venue: venue)
        case -1002:
            error = .authentication(.other, message: "Binance \(code): \(message)", venue: venue)
        case -1003, -1015:
            error = .rateLimited(retryAfter: retryAfter, venue: venue, message: "Binance \(code): \(message)")
        case -1006, -1007:
            error = .outcomeUnknown(clientOrderID: clientOrderID, venue: venue, message: "Binance \(code): \(message)")
        case -1199 ... -1100, -1014, -1013, -2013 ... -2010, -2019, -2022, -2021, -2028, -2027, -4199 ... -4000, -5022, -5021:
            // 11xx: the request itself is wrong; 2xxx/4xxx/5xxx: the order or setting was refused.
            error = .invalidRequest("Binance \(code): \(message)", venue: venue)
        default:
            error = .api(code: String(code), message: message, venue: venue, httpStatus: httpStatus)
        }
        error.venueCode = String(code)
        error.venueMessage = message
        error.httpStatus = httpStatus
        if error.clientOrderID == nil { error.clientOrderID = clientOrderID }
        return error
    }

    /// Whether an error means a listenKey is unknown and a new one must be created (`-1125`).
    public static func isInvalidListenKey(_ error: ExchangeError) -> Bool { error.venueCode == "-1125" }
}
