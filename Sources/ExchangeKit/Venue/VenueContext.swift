import AsyncHTTPClient
import Logging

/// What a plugin's client shares with the rest of the app: the HTTP transport and the logger.
public struct VenueContext: Sendable {
    /// The HTTP client every REST call goes through.
    public var httpClient: HTTPClient
    /// The logger, to which the plugin adds its venue id.
    public var logger: Logger
    /// The local wall clock (tests pass a skewed one).
    public var wallClock: @Sendable () -> Timestamp

    /// Creates a context.
    public init(
        httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "ExchangeKit"),
        wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }
    ) {
        self.httpClient = httpClient
        self.logger = logger
        self.wallClock = wallClock
    }
}
