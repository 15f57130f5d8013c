import BinanceStub
import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

@Suite("Binance stream names, routes and subscription requests")
struct BinanceStreamRulesTests {
    @Test("each subscription maps to its stream on its route", arguments: [
        (Subscription.trades("BTCUSDT"), "btcusdt@aggTrade", "market"),
        (.ticker("BTCUSDT"), "btcusdt@bookTicker", "public"),
        (.book("BTCUSDT"), "btcusdt@depth@100ms", "public"),
        (.book("BTCUSDT", depth: 10), "btcusdt@depth10@100ms", "public"),
        (.candles("ETHUSDT", interval: .seconds(300)), "ethusdt@kline_5m", "market"),
        (.markPrice("BTCUSDT"), "btcusdt@markPrice@1s", "market"),
        (Subscription(channel: .markPrice, symbol: "BTCUSDT", interval: .seconds(3)), "btcusdt@markPrice", "market"),
        (Subscription(channel: BinanceStreamName.ticker24h, symbol: "BTCUSDT"), "btcusdt@ticker", "market"),
        (Subscription(channel: BinanceStreamName.liquidations, symbol: "BTCUSDT"), "btcusdt@forceOrder", "market"),
    ])
    func names(subscription: Subscription, name: String, route: String) {
        let stream = BinanceStreamName.stream(for: subscription)
        #expect(stream?.name == name && stream?.route.name == route && stream?.route.isPrivate == false)
    }

    @Test("account channels are private and need no stream name; unknown depths have no stream")
    func privateAndUnknown() {
        for subscription in [Subscription.orders(), .positions(), .balance()] {
            #expect(BinanceStreamName.stream(for: subscription)?.route == BinanceStreamName.privateRoute)
        }
        #expect(BinanceStreamName.stream(for: .book("BTCUSDT", depth: 50)) == nil)
    }

    @Test("SUBSCRIBE/UNSUBSCRIBE carry integer ids and the stream names, like the samples; limits are Binance's")
    func requests() async throws {
        try await withScriptedHTTPServer { server in
            let venue = try BN.client(server).streamVenue
            var ids = RequestIDs(prefix: "0.1.")
            let subscribe = venue.subscribeRequests([.trades("BTCUSDT"), .book("BTCUSDT"), .orders()], ids: &ids)
            #expect(subscribe.map(\.text) == [#"{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","btcusdt@depth@100ms"],"id":1000000001}"#,
                                              #"{"method":"LIST_SUBSCRIPTIONS","id":1000000002}"#])
            #expect(subscribe.map(\.id) == ["0.1.1", "0.1.2"])
            let unsubscribe = venue.unsubscribeRequests([.book("BTCUSDT")], ids: &ids)
            #expect(unsubscribe.map(\.text) == [#"{"method":"UNSUBSCRIBE","params":["btcusdt@depth@100ms"],"id":1000000003}"#])
            #expect(venue.limits.subscriptionsPerConnection == 1024 && venue.limits.outboundMessages <= 10 && venue.limits.outboundWindow == .seconds(1))
            #expect(venue.bookSequenceRule == .chained && venue.pingMessage(id: "1") == nil)
            #expect(venue.route(of: .book("BTCUSDT")) != venue.route(of: .trades("BTCUSDT")))
        }
    }

    @Test("ws_url overrides every route; the private route dials a fresh listenKey; lifetimes are planned")
    func endpoints() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try BN.fixture("rest/listenKey.post.json")), method: "POST", path: "/fapi/v1/listenKey")
            let venue = try BN.client(server, wsURL: "ws://127.0.0.1:9/").streamVenue
            let market = try await venue.endpoint(route: BinanceStreamName.marketRoute)
            #expect(market.url == "ws://127.0.0.1:9/market/stream" && market.maximumLifetime ?? .zero < .seconds(86_400))
            #expect(try await venue.endpoint(route: BinanceStreamName.publicRoute).url == "ws://127.0.0.1:9/public/stream")
            let user = try await venue.endpoint(route: BinanceStreamName.privateRoute)
            #expect(user.url == "ws://127.0.0.1:9/private/ws/pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1")
            _ = try await venue.endpoint(route: BinanceStreamName.privateRoute)
            #expect(server.requests(path: "/fapi/v1/listenKey").count == 2)
        }
    }
}
