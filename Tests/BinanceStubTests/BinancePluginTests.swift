import BinanceStub
import ExchangeKit
import Foundation
import Testing

@Suite("BinanceStub as a Plugins.yaml plugin")
struct BinancePluginTests {
    let registry = VenueRegistry([BinanceStub.self])

    @Test("the repository's Plugins.yaml entry binance-usdm builds a live BinanceStub client")
    func repositoryFile() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Plugins.yaml").path
        // The KuCoin entries name plugins this registry does not hold: read the Binance entry alone.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: "  - id: binance-usdm"))
        let entry = text[start.lowerBound...].prefix { $0 != "#" }
        let file = try registry.load(yaml: "venues:\n" + entry, environment: ["BINANCE_API_KEY": "bk", "BINANCE_API_SECRET": "bs"])
        let config = try #require(file.venue("binance-usdm"))
        #expect(config.plugin == "BinanceStub" && config.environment == .live && config.credentials?.key == "bk")
        let venue = try #require(try registry.makeVenue(config) as? BinanceStub)
        #expect(venue.rest.venue.baseURL == "https://fapi.binance.com" && venue.streamVenue.webSocketRoot == "wss://fstream.binance.com")
        #expect(venue.restClient != nil && venue.streams is BinanceStreamVenue)
        // The options' defaults, filled in by the file reader, are Binance's rules.
        #expect(venue.streamVenue.connectionLifetime == BinanceStreamVenue.defaultConnectionLifetime)
        #expect(venue.streamVenue.listenKeyKeepAlive == .seconds(30 * 60))
    }

    @Test("name, credentials, capabilities and a bad recv_window")
    func declarations() {
        #expect(BinanceStub.name == "BinanceStub" && BinanceStub.credentialFields == [.key, .secret])
        #expect(BinanceStub.capabilities.supports(.placeOrder) && BinanceStub.capabilities.supports(Capabilities.Channel.book))
        #expect(BinanceStub.defaultURLs(for: .live)?.rest == "https://fapi.binance.com" && BinanceStub.defaultURLs(for: .sim) == nil)
        #expect(throws: ExchangeError.self) {
            try registry.load(yaml: "venues:\n  - id: b\n    plugin: BinanceStub\n    recv_window: \"0\"\n", environment: [:])
        }
    }
}
