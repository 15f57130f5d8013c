import ExchangeKit
import Foundation
import KuCoinCore

/// KuCoin Futures: REST calls and streams, registered in Plugins.yaml as `KuCoinFutures`.
///
/// ```swift
/// let futures = try KuCoinFutures(config: VenueConfig(id: "kucoin-futures", plugin: "KuCoinFutures",
///                                                    credentials: .environment("KC")))
/// let position = try await futures.position(symbol: "XBTUSDTM")
/// let ack = try await futures.placeOrder(.limit(.buy, "XBTUSDTM", size: 3, price: "96000", leverage: 10))
/// for try await event in futures.stream([.trades("XBTUSDTM"), .book("XBTUSDTM")]) { … }
/// ```
public final class KuCoinFutures: VenuePlugin {
    public static let name = "KuCoinFutures"
    public static let capabilities = Capabilities(
        rest: [.serverTime, .instruments, .ticker, .orderBook, .candles, .markPrice, .fundingRate, .balance, .positions,
               .placeOrder, .cancelOrder, .cancelAllOrders, .orders, .fills],
        channels: [.trades, .ticker, .book, .candles, .orders, .positions, .balance, .markPrice, .fundingRate])
    public static let credentialFields: [CredentialField] = [.key, .secret, .passphrase]
    public static let options = [
        PluginOption("key_version", allowedValues: ["2", "3"], defaultValue: "2", summary: "KC-API-KEY-VERSION sent with signed requests"),
    ]

    public static func defaultURLs(for environment: VenueEnvironment) -> (rest: String, ws: String?)? {
        switch environment {
        case .live: (KuCoinProduct.futures.liveRESTURL, nil)   // WebSocket endpoints come from the bullet token
        case .sim, .custom: nil
        }
    }

    public let id: VenueID
    /// The REST client every call goes through (signing, rate-limit ledger, retries).
    public let rest: RestClient
    /// The venue's stream rules.
    public let streamVenue: KuCoinFuturesStreamVenue
    let config: VenueConfig
    let logger: Logger

    /// Builds the client from a Plugins.yaml entry or a configuration made in code.
    /// - Throws: ``ExchangeError`` (`.configuration`) when no REST URL is known for the environment.
    public init(config: VenueConfig, context: VenueContext = VenueContext()) throws {
        var context = context
        context.logger[metadataKey: "venue"] = "\(config.id)"
        self.id = config.id
        self.config = config
        self.logger = context.logger
        self.rest = try KuCoinRestVenue.client(product: .futures, config: config, context: context)
        self.streamVenue = KuCoinFuturesStreamVenue(id: config.id, rest: rest, webSocketURLOverride: config.wsURL)
    }

    public var restClient: RestClient? { rest }
    public var streams: (any StreamVenue)? { streamVenue }

    /// Streams events for subscriptions; see ``FeedStream`` for the guarantees.
    public func stream(_ subscriptions: [Subscription], configuration: FeedConfiguration = FeedConfiguration()) -> RunningFeed {
        streamVenue.stream(subscriptions, configuration: configuration, logger: logger)
    }
}

import Logging
