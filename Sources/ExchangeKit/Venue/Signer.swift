/// Authenticates a request from credentials and a timestamp.
///
/// Pure: no I/O and no clock of its own. The caller passes the time, already
/// corrected for the venue's clock skew, and signs again on every attempt.
public protocol Signer: Sendable {
    /// Adds the headers and parameters that authenticate `request` at `time`.
    /// - Throws: ``ExchangeError`` when the request cannot be signed (missing credentials).
    func sign(_ request: inout PreparedRequest, at time: Timestamp) throws(ExchangeError)

    /// The headers and query parameters it adds that are credentials (an API key, a
    /// passphrase), matched without regard to case; dumps of a signed request show them
    /// as `<redacted>`. Signatures and timestamps are not secrets and stay visible.
    var redactedFields: Set<String> { get }
}

extension Signer {
    public var redactedFields: Set<String> { [] }
}
