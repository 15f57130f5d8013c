import ExchangeKit
import Foundation
import Logging

/// Binance USDⓈ-M Futures: REST calls and routed streams, registered in Plugins.yaml as `BinanceStub`.
///
/// ```swift
/// let binance = try BinanceStub(config: VenueConfig(id: "binance-usdm", plugin: "BinanceStub", credentials: .environment("BINANCE")))
/// let position = try await binance.position(symbol: "BTCUSDT")
/// let ack = try await binance.placeOrder(.limit(.buy, "BTCUSDT", size: "0.002", price: "60000"))
/// for try await event in binance.stream([.trades("BTCUSDT"), .book("BTCUSDT")]) { … }
/// ```
///
/// `rest_url` replaces the REST host of every call (listenKey included); `ws_url` replaces the
/// stream root, to which the routes `/public`, `/market` and `/private` are appended.
/// `connection_lifetime` and `listen_key_keepalive` (seconds) shorten the planned reconnect and
/// the listenKey keepalive, e.g. for tests; the defaults follow Binance's rules.
public final class BinanceStub: VenuePlugin, MarketDataVenue, TradingVenue {
    public static let name = "BinanceStub"
    public static let capabilities = Capabilities(
        rest: [.serverTime, .instruments, .ticker, .orderBook, .trades, .candles, .markPrice, .fundingRate, .balance, .positions,
               .placeOrder, .cancelOrder, .cancelAllOrders, .orders, .fills, .leverage],
        channels: [.trades, .ticker, .book, .candles, .markPrice, .fundingRate, .orders, .positions, .balance,
                   BinanceStreamName.ticker24h, BinanceStreamName.liquidations])
    public static let credentialFields: [CredentialField] = [.key, .secret]
    public static let options = [
        PluginOption("recv_window", defaultValue: "5000", summary: "recvWindow in milliseconds added to signed requests"),
        PluginOption("connection_lifetime", defaultValue: "86100",
                     summary: "seconds before a stream connection is replaced on purpose (Binance closes them at 24 h)"),
        PluginOption("listen_key_keepalive", defaultValue: "1800",
                     summary: "seconds between listenKey keepalives on the user data stream (the key lapses after 60 min)"),
    ]
    /// The accepted range of each duration option, in seconds.
    static let secondsOptions: [(key: String, range: ClosedRange<Int>)] = [("connection_lifetime", 1 ... 86_400),
                                                                            ("listen_key_keepalive", 1 ... 3_599)]

    /// The production hosts (PROTOCOL.md §1).
    public static let liveRESTURL = "https://fapi.binance.com"
    /// The production stream root; routes are appended to it.
    public static let liveWebSocketURL = "wss://fstream.binance.com"

    public static func defaultURLs(for environment: VenueEnvironment) -> (rest: String, ws: String?)? {
        switch environment {
        case .live: (liveRESTURL, liveWebSocketURL)
        case .sim, .custom: nil
        }
    }

    public static func validate(_ config: VenueConfig) throws {
        if let text = config.options["recv_window"], Int(text).map({ $0 <= 0 || $0 > 60_000 }) ?? true {
            throw ExchangeError.configuration("recv_window must be milliseconds between 1 and 60000, not \(text)", venue: config.id)
        }
        for (key, range) in secondsOptions {
            if let text = config.options[key], !(Int(text).map(range.contains) ?? false) {
                throw ExchangeError.configuration("\(key) must be seconds between \(range.lowerBound) and \(range.upperBound), not \(text)",
                                                  venue: config.id)
            }
        }
    }

    /// A validated duration option, or `fallback` when absent.
    static func seconds(_ key: String, in config: VenueConfig, fallback: Duration) -> Duration {
        config.options[key].flatMap(Int64.init).map { Duration.seconds($0) } ?? fallback
    }

    public let id: VenueID
    /// The REST client every call goes through (signing, rate-limit ledger, retries).
    public let rest: RestClient
    /// The venue's stream rules.
    public let streamVenue: BinanceStreamVenue
    let logger: Logger

    /// Builds the client from a Plugins.yaml entry or a configuration made in code.
    /// - Throws: ``ExchangeError`` (`.configuration`) when no REST URL is known for the environment.
    public init(config: VenueConfig, context: VenueContext = VenueContext()) throws {
        try Self.validate(config)
        var context = context
        context.logger[metadataKey: "venue"] = "\(config.id)"
        id = config.id
        logger = context.logger
        guard let baseURL = config.restURL ?? (config.environment == .live ? Self.liveRESTURL : nil) else {
            throw ExchangeError.configuration("no REST URL for environment \(config.environment.rawValue); set rest_url", venue: config.id)
        }
        let window = Duration.milliseconds(Int64(config.options["recv_window"] ?? "5000") ?? 5000)
        let signer = config.credentials.map { BinanceSigner(credentials: $0, receiveWindow: window) }
        rest = RestClient(venue: BinanceRestVenue(id: config.id, baseURL: baseURL, signer: signer), configuration: config.restClientConfiguration,
                          httpClient: context.httpClient, logger: context.logger, metrics: context.metrics, wallClock: context.wallClock)
        let root = config.wsURL ?? (config.environment == .live ? Self.liveWebSocketURL : nil)
        streamVenue = BinanceStreamVenue(
            id: config.id, rest: rest, webSocketRoot: root,
            connectionLifetime: Self.seconds("connection_lifetime", in: config, fallback: BinanceStreamVenue.defaultConnectionLifetime),
            listenKeyKeepAlive: Self.seconds("listen_key_keepalive", in: config, fallback: BinanceStreamVenue.defaultListenKeyKeepAlive))
    }

    public var restClient: RestClient? { rest }
    public var streams: (any StreamVenue)? { streamVenue }

    /// Streams events for subscriptions; see ``FeedStream`` for the guarantees.
    public func stream(_ subscriptions: [Subscription], configuration: FeedConfiguration = FeedConfiguration()) -> RunningFeed {
        streamVenue.stream(subscriptions, configuration: configuration, logger: logger)
    }
}
