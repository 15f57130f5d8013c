/// The estimated difference between a venue's clock and this machine's.
///
/// Venues reject requests whose timestamp is a few seconds off (KuCoin 5 s,
/// Binance `recvWindow`); a machine whose clock drifts would otherwise be
/// locked out. Precise samples come from the venue's server-time endpoint;
/// the `Date` header of every response (one-second resolution) catches a
/// large drift between them.
public struct ClockSkew: Sendable, Equatable {
    /// Venue time minus local time.
    public private(set) var offset: Duration = .zero
    /// Whether any sample was taken.
    public private(set) var isEstimated = false

    /// Creates an estimate of zero skew.
    public init() {}

    /// The local time corrected to the venue's clock.
    public func venueTime(local: Timestamp) -> Timestamp { local.advanced(by: offset) }

    /// Records a precise sample: the venue's clock read between `sentAt` and `receivedAt` (local).
    public mutating func record(serverTime: Timestamp, sentAt: Timestamp, receivedAt: Timestamp) {
        let midpoint = Timestamp(nanoseconds: sentAt.nanoseconds / 2 + receivedAt.nanoseconds / 2)
        offset = serverTime.duration(since: midpoint)
        isEstimated = true
    }

    /// Records a coarse sample from an HTTP `Date` header (whole seconds, truncated), read from a
    /// response to a request sent at `sentAt` and received at `receivedAt` (local).
    ///
    /// The venue wrote the header somewhere between the two, so the midpoint is used, as for
    /// precise samples; the estimate is then good to half a second plus half the round trip.
    /// It is adopted only when it disagrees with the current estimate by more than that, so it
    /// never undoes a precise sample.
    /// - Returns: whether the estimate changed.
    @discardableResult
    public mutating func recordDateHeader(_ headerTime: Timestamp, sentAt: Timestamp, receivedAt: Timestamp) -> Bool {
        let midpoint = Timestamp(nanoseconds: sentAt.nanoseconds / 2 + receivedAt.nanoseconds / 2)
        // The venue's clock read somewhere in [header, header + 1 s) when it answered.
        let implied = headerTime.advanced(by: .milliseconds(500)).duration(since: midpoint)
        let uncertainty = Duration.milliseconds(1500) + receivedAt.duration(since: sentAt) / 2
        let disagreement = implied - offset
        guard disagreement > uncertainty || disagreement < .zero - uncertainty else { return false }
        offset = implied
        isEstimated = true
        return true
    }
}
