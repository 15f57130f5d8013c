/// Work a venue needs done on a schedule while a connection lives, outside the socket: renewing
/// the key the connection was dialled with (Binance's listenKey lapses 60 minutes after its last
/// `PUT /fapi/v1/listenKey`).
///
/// The runner runs ``action`` every ``interval`` from the moment the connection is up, beside
/// the connection and never on its read path, and stops with the connection. A failure is logged
/// and tried again at the next interval; an action that throws ``Expired`` ends the connection,
/// and the redial asks the venue for a fresh endpoint (a new key).
///
/// ```swift
/// StreamEndpoint(url: "\(root)/private/ws/\(key)", heartbeat: heartbeat,
///                keepAlive: StreamKeepAlive(interval: .seconds(30 * 60)) { try await listenKey.keepAlive() })
/// ```
public struct StreamKeepAlive: Sendable {
    /// Thrown by an ``StreamKeepAlive/action`` when what it keeps alive is gone: the connection is
    /// ended and dialled again.
    public struct Expired: Error, Sendable, CustomStringConvertible {
        /// Why, for the `disconnected` event and the log; never a token or key.
        public var reason: String

        /// Creates the error.
        public init(reason: String) { self.reason = reason }

        public var description: String { reason }
    }

    /// How long after the connection opened, and after each run, the action runs again.
    public var interval: Duration
    /// The renewal (a REST call, typically). Throws ``Expired`` to end the connection; any other
    /// error is logged by its description (so it must hold no secret, as ``ExchangeError`` does
    /// not) and the action is tried again at the next interval.
    public var action: @Sendable () async throws -> Void

    /// Creates a keep-alive.
    /// - Parameters:
    ///   - interval: the time between runs; the first runs one interval after connecting.
    ///   - action: the renewal.
    public init(interval: Duration, action: @escaping @Sendable () async throws -> Void) {
        self.interval = interval
        self.action = action
    }
}
