import ExchangeKit

/// What only a venue knows, given to the generic conformance checks: how its server side
/// speaks on the scripted servers, which frames mean a trade or a book delta, and how its
/// REST errors and clock read.
///
/// The checks themselves (``ConformanceSuite``) are the same for every venue; a plugin kept
/// in another package certifies itself by writing one profile and recording its fixtures.
///
/// ```swift
/// struct MyVenueProfile: ConformanceProfile {
///     var plugin: any VenuePlugin.Type { MyVenue.self }
///     var parameters: ConformanceParameters { ConformanceParameters(symbol: "BTCUSDT") }
///     …
/// }
/// ```
public protocol ConformanceProfile: Sendable {
    /// The plugin under test; its ``VenuePlugin/capabilities`` choose the checks.
    var plugin: any VenuePlugin.Type { get }
    /// The symbols, ids and order the checks use in scripted traffic and REST calls.
    var parameters: ConformanceParameters { get }
    /// Decoded values the venue documents as inferred from a frame key, which may change when
    /// that key is missing or mistyped: frame key → names of decoded values
    /// (`["price": ["type"]]`: an order without a price is a market order).
    var inferences: [String: Set<String>] { get }
    /// The keys whose values route a frame (KuCoin: `type`, `topic`, `subject`; a dotted key
    /// reaches into an object: `data.e`);
    /// the synthetic checks set each to an unknown value.
    var routingKeys: [String] { get }
    /// The routing keys of one sample (`ws/<name>.json`), where a topic uses one as data
    /// (KuCoin Spot's all-symbols ticker puts the symbol in `subject`); ``routingKeys`` by default.
    func routingKeys(ofSample name: String) -> [String]

    // MARK: The server side of a stream

    /// Serves the venue's connection endpoint (a token call, say) on the scripted HTTP server,
    /// pointing at `webSocketURL`, with a fresh token from `tokens` on every call and a
    /// heartbeat short enough for a loopback test (a few seconds at most).
    func installStreamEndpoints(on http: ScriptedHTTPServer, webSocketURL: String, tokens: TokenLedger)
    /// The token a dial carries, as issued by ``installStreamEndpoints(on:webSocketURL:tokens:)``.
    func token(of dial: UpgradeRequest) -> String?
    /// Whether the venue greets every connection before the client may subscribe.
    var sendsWelcome: Bool { get }
    /// Whether every public dial carries a token fetched for it (KuCoin's bullet); false for
    /// fixed public URLs (Binance), whose redials the token checks then leave alone.
    var usesTokens: Bool { get }
    /// Checks that cannot apply to the venue, each with the reason (a heartbeat timeout of ten
    /// minutes, say); the suite lists them, and never hides one silently.
    var excludedChecks: [String: String] { get }
    /// The frame the venue greets a new connection with; nil when its protocol has no handshake.
    func welcome(for connection: ScriptedWebSocketConnection) -> String?
    /// What a text the client sent means: a subscribe, an unsubscribe, a ping, or nil for anything else.
    func interpret(clientText: String) -> ClientMessage?
    /// The venue's answer to a client message (an ack, a pong), or nil when it sends none.
    func reply(to message: ClientMessage) -> String?

    // MARK: Frames

    /// A public trade of `symbol`; `index` makes its trade id and price distinct.
    func tradeFrame(symbol: String, index: Int) -> String
    /// A book delta that sets one level, with the given sequence.
    func bookDeltaFrame(_ delta: ScriptedBookDelta) -> String
    /// Serves the venue's REST book snapshot for any symbol from `book` (nil: the venue's "not found").
    func installBookSnapshots(on http: ScriptedHTTPServer, _ book: @escaping @Sendable (String) -> OrderBookSnapshot?)

    // MARK: REST

    /// The venue's answer when a signed request's timestamp is too far from its clock.
    func timestampRejection() -> ScriptedResponse
    /// The venue's answer to a request over its rate limit, telling the client to wait `retryAfter`.
    func rateLimitReply(retryAfter: Duration) -> ScriptedResponse
    /// The venue's answer to its server-time request at `now`.
    func serverTimeReply(_ now: Timestamp) -> ScriptedResponse
    /// The timestamp a signed request carries, nil when it carries none.
    func requestTimestamp(_ request: RecordedRequest) -> Timestamp?
    /// Whether a request is signed as the venue documents, recomputed independently of the plugin.
    func isAuthenticated(_ request: RecordedRequest, with credentials: Credentials) -> Bool
    /// The request shapes and calls of REST capabilities the kit cannot call through
    /// ``MarketDataVenue`` or ``TradingVenue`` (none by default).
    var customCalls: [Capabilities.RestCall: ConformanceCall] { get }
}

extension ConformanceProfile {
    public var routingKeys: [String] { ["type", "topic", "subject"] }
    public var sendsWelcome: Bool { true }
    public var usesTokens: Bool { true }
    public var excludedChecks: [String: String] { [:] }
    public func routingKeys(ofSample name: String) -> [String] { routingKeys }
    public var inferences: [String: Set<String>] { [:] }
    public var customCalls: [Capabilities.RestCall: ConformanceCall] { [:] }

    /// The plugin's name, as Plugins.yaml writes it and as its fixtures folder is named.
    public var pluginName: String { plugin.name }
}
