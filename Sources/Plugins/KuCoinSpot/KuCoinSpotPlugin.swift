import ExchangeKit
import Foundation
import KuCoinCore
import Logging

/// KuCoin Spot: REST calls and streams, registered in Plugins.yaml as `KuCoinSpot`.
///
/// ```swift
/// let spot = try KuCoinSpot(config: VenueConfig(id: "kucoin-spot", plugin: "KuCoinSpot", credentials: .environment("KC")))
/// let book = try await spot.orderBook(symbol: "BTC-USDT", depth: 20)
/// let ack = try await spot.placeOrder(.limit(.buy, "BTC-USDT", size: "0.001", price: "60000"))
/// for try await event in spot.stream([.trades("BTC-USDT"), .book("BTC-USDT")]) { … }
/// ```
///
/// Spot shares KuCoin's signing, envelope, tokens and WebSocket protocol with Futures
/// (KuCoinCore), not its shapes: amounts are strings, sizes are in the base currency, candles
/// use seconds, the book's deltas carry sequence ranges, and orders go to the HF endpoints.
public final class KuCoinSpot: VenuePlugin {
    public static let name = "KuCoinSpot"
    public static let capabilities = Capabilities(
        rest: [.serverTime, .instruments, .ticker, .orderBook, .trades, .candles, .balance,
               .placeOrder, .cancelOrder, .cancelAllOrders, .orders, .fills],
        channels: [.trades, .ticker, .book, .candles, .orders, .balance, .level1, .marketSnapshot, .stopOrders])
    public static let credentialFields: [CredentialField] = [.key, .secret, .passphrase]
    public static let options = [
        PluginOption("key_version", allowedValues: ["2", "3"], defaultValue: "2", summary: "KC-API-KEY-VERSION sent with signed requests"),
    ]

    public static func defaultURLs(for environment: VenueEnvironment) -> (rest: String, ws: String?)? {
        switch environment {
        case .live: (KuCoinProduct.spot.liveRESTURL, nil)   // WebSocket endpoints come from the bullet token
        case .sim, .custom: nil
        }
    }

    public let id: VenueID
    /// The REST client every call goes through (signing, rate-limit ledger, retries).
    public let rest: RestClient
    /// The venue's stream rules.
    public let streamVenue: KuCoinSpotStreamVenue
    let logger: Logger

    /// Builds the client from a Plugins.yaml entry or a configuration made in code.
    /// - Throws: ``ExchangeError`` (`.configuration`) when no REST URL is known for the environment.
    public init(config: VenueConfig, context: VenueContext = VenueContext()) throws {
        var context = context
        context.logger[metadataKey: "venue"] = "\(config.id)"
        self.id = config.id
        self.logger = context.logger
        self.rest = try KuCoinRestVenue.client(product: .spot, config: config, context: context)
        self.streamVenue = KuCoinSpotStreamVenue(id: config.id, rest: rest, webSocketURLOverride: config.wsURL)
    }

    public var restClient: RestClient? { rest }
    public var streams: (any StreamVenue)? { streamVenue }

    /// Streams events for subscriptions; see ``FeedStream`` for the guarantees and
    /// ``KuCoinSpotStreamVenue/topic(for:)`` for what each subscription maps to.
    public func stream(_ subscriptions: [Subscription], configuration: FeedConfiguration = FeedConfiguration()) -> RunningFeed {
        streamVenue.stream(subscriptions, configuration: configuration, logger: logger)
    }
}
