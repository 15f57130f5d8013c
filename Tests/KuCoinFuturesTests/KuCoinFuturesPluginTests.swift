import BinanceStub
import ExchangeKit
import Foundation
import KuCoinFutures
import KuCoinSpot
import Testing

@Suite("KuCoin Futures as a Plugins.yaml plugin")
struct KuCoinFuturesPluginTests {
    // The repository's Plugins.yaml configures both KuCoin venues and Binance, so the registry knows all three.
    let registry = VenueRegistry([KuCoinFutures.self, KuCoinSpot.self, BinanceStub.self])

    @Test("the repository's Plugins.yaml loads and builds a KuCoinFutures client")
    func repositoryFile() throws {
        // The package's own default file at its root, three levels above this test file.
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Plugins.yaml").path
        let file = try registry.load(contentsOf: path, environment: ["KC_KEY": "k", "KC_SECRET": "s", "KC_PASSPHRASE": "p",
                                                                                  "BINANCE_API_KEY": "bk", "BINANCE_API_SECRET": "bs"])
        let entry = try #require(file.venue("kucoin-futures"))
        #expect(entry.plugin == "KuCoinFutures" && entry.environment == .live && entry.options["key_version"] == "2")
        let venue = try registry.makeVenue(entry)
        #expect((venue as? KuCoinFutures)?.rest.venue.baseURL == "https://api-futures.kucoin.com")
        #expect(type(of: venue).capabilities.supports(.placeOrder))
    }

    @Test("a bad key version and a sim environment without URLs are refused with the line")
    func refusals() {
        #expect(throws: ExchangeError.self) {
            try registry.load(yaml: "venues:\n  - id: k\n    plugin: KuCoinFutures\n    key_version: \"1\"\n", environment: [:])
        }
        do {
            _ = try registry.load(yaml: "venues:\n  - id: k\n    plugin: KuCoinFutures\n    environment: sim\n", environment: [:])
            Issue.record("expected an error")
        } catch let error as ExchangeError {
            #expect(error.message.contains("Plugins.yaml:4") && error.message.contains("rest_url"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
