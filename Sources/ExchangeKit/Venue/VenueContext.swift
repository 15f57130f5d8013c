import AsyncHTTPClient
import Logging
import Metrics

/// What a plugin's client shares with the rest of the app: the HTTP transport, logging, metrics and the clock.
public struct VenueContext: Sendable {
    /// The HTTP client every REST call goes through.
    public var httpClient: HTTPClient
    /// The logger, to which the plugin adds its venue id.
    public var logger: Logger
    /// Where counters and timers go.
    public var metrics: any MetricsFactory
    /// The local wall clock (tests pass a skewed one).
    public var wallClock: @Sendable () -> Timestamp

    /// Creates a context.
    public init(
        httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "ExchangeKit"),
        metrics: any MetricsFactory = MetricsSystem.factory,
        wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }
    ) {
        self.httpClient = httpClient
        self.logger = logger
        self.metrics = metrics
        self.wallClock = wallClock
    }
}
