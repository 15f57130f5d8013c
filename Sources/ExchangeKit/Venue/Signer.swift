/// Authenticates a request from credentials and a timestamp.
///
/// Pure: no I/O and no clock of its own. The caller passes the time, already
/// corrected for the venue's clock skew, and signs again on every attempt.
public protocol Signer: Sendable {
    /// Adds the headers and parameters that authenticate `request` at `time`.
    /// - Throws: ``ExchangeError`` when the request cannot be signed (missing credentials).
    func sign(_ request: inout PreparedRequest, at time: Timestamp) throws(ExchangeError)
}
