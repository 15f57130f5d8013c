import BinanceStub
import ExchangeKit
import Foundation
import KuCoinFutures
import KuCoinSpot
import Testing

@Suite("KuCoin Spot as a Plugins.yaml plugin, and its subscriptions")
struct SpotPluginTests {
    // The repository's Plugins.yaml configures both KuCoin venues and Binance, so the registry knows all three.
    let registry = VenueRegistry([KuCoinSpot.self, KuCoinFutures.self, BinanceStub.self])

    @Test("the repository's Plugins.yaml loads and builds a KuCoinSpot client on the Spot host")
    func repositoryFile() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Plugins.yaml").path
        let file = try registry.load(contentsOf: path, environment: ["KC_KEY": "k", "KC_SECRET": "s", "KC_PASSPHRASE": "p",
                                                                                  "BINANCE_API_KEY": "bk", "BINANCE_API_SECRET": "bs"])
        let entry = try #require(file.venue("kucoin-spot"))
        #expect(entry.plugin == "KuCoinSpot" && entry.environment == .live && entry.options["key_version"] == "2")
        let venue = try registry.makeVenue(entry)
        #expect((venue as? KuCoinSpot)?.rest.venue.baseURL == "https://api.kucoin.com")
        #expect(venue.restClient != nil && venue.streams is KuCoinSpotStreamVenue)
    }

    @Test("capabilities: spot REST calls and channels, no positions, mark price or funding")
    func capabilities() {
        let capabilities = KuCoinSpot.capabilities
        #expect(KuCoinSpot.name == "KuCoinSpot" && KuCoinSpot.credentialFields == [.key, .secret, .passphrase])
        #expect(capabilities.supports(.placeOrder) && capabilities.supports(Capabilities.RestCall.trades) && capabilities.supports(.orderBook))
        #expect(!capabilities.supports(Capabilities.RestCall.positions) && !capabilities.supports(Capabilities.RestCall.markPrice) && !capabilities.supports(Capabilities.RestCall.fundingRate))
        #expect(capabilities.supports(Capabilities.Channel.level1) && capabilities.supports(Capabilities.Channel.marketSnapshot))
        #expect(!capabilities.supports(Capabilities.Channel.positions))
        #expect(throws: ExchangeError.self) {
            try registry.load(yaml: "venues:\n  - id: s\n    plugin: KuCoinSpot\n    key_version: \"1\"\n", environment: [:])
        }
    }

    @Test("subscriptions map to Spot's topics", arguments: [
        (Subscription.trades("BTC-USDT"), "/market/match:BTC-USDT", false),
        (.ticker("BTC-USDT"), "/market/ticker:BTC-USDT", false),
        (.ticker("all"), "/market/ticker:all", false),
        (.book("BTC-USDT"), "/market/level2:BTC-USDT", false),
        (.book("BTC-USDT", depth: 5), "/spotMarket/level2Depth5:BTC-USDT", false),
        (.book("BTC-USDT", depth: 50), "/spotMarket/level2Depth50:BTC-USDT", false),
        (.candles("BTC-USDT", interval: .seconds(360 * 60)), "/market/candles:BTC-USDT_6hour", false),
        (Subscription(channel: .level1, symbol: "BTC-USDT"), "/spotMarket/level1:BTC-USDT", false),
        (Subscription(channel: .marketSnapshot, symbol: "BTC-USDT"), "/market/snapshot:BTC-USDT", false),
        (.orders(), "/spotMarket/tradeOrdersV2", true),
        (.balance(), "/account/balance", true),
        (Subscription(channel: .stopOrders, symbol: nil), "/spotMarket/advancedOrders", true),
    ])
    func topics(subscription: Subscription, topic: String, isPrivate: Bool) throws {
        let mapped = try #require(KuCoinSpotStreamVenue.topic(for: subscription))
        #expect(mapped.topic == topic && mapped.isPrivate == isPrivate)
    }

    @Test("subscriptions Spot cannot serve map to nothing")
    func unsupportedTopics() {
        for subscription in [Subscription.book("BTC-USDT", depth: 20), .candles("BTC-USDT", interval: .seconds(120)), .positions(),
                             .markPrice("BTC-USDT"), .fundingRate("BTC-USDT"), Subscription(channel: .trades, symbol: nil)] {
            #expect(KuCoinSpotStreamVenue.topic(for: subscription) == nil, "\(subscription)")
        }
    }
}
