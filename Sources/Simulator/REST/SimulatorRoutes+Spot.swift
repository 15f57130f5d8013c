import ExchangeKit
import Foundation
import Hummingbird

// KuCoin Spot's public market endpoints (PROTOCOL.md §7 paths, pools and weights), served from the
// spot markets on the same port as the futures ones. Bullets and server time are shared routes.
extension SimulatorRoutes {
    func registerSpot(on router: Router<BasicRequestContext>) {
        router.get("/api/v2/symbols") { request, _ in
            try await reply(request, pool: "Public", weight: 4) { query in
                let market = query["market"]
                return .ok("[" + exchange.withSpotMarkets { markets in
                    market == nil || market == "USDS" ? markets.map { KuCoinSpotWire.symbol($0.contract) } : []
                }.joined(separator: ",") + "]")
            }
        }
        router.get("/api/v2/symbols/:symbol") { request, context in
            let symbol = context.parameters.get("symbol") ?? ""
            return try await reply(request, pool: "Public", weight: 4) { _ in spotMarket(symbol) { KuCoinSpotWire.symbol($0.contract) } }
        }
        // The public calls that read one pair (`?symbol=`): path, Public-pool weight, answer.
        let bySymbol: [(path: String, weight: Int, answer: @Sendable (SimMarket, Int64) -> String)] = [
            ("/api/v1/market/orderbook/level1", 2, { KuCoinSpotWire.level1($0, timeMillis: $1) }),
            ("/api/v1/market/stats", 15, { KuCoinSpotWire.stats($0, timeMillis: $1, inList: false) }),
            ("/api/v1/market/orderbook/level2_20", 2, { KuCoinSpotWire.book($0, depth: 20, timeMillis: $1) }),
            ("/api/v1/market/orderbook/level2_100", 2, { KuCoinSpotWire.book($0, depth: 100, timeMillis: $1) }),
            ("/api/v1/market/histories", 3, { market, _ in KuCoinSpotWire.histories(market) }),
        ]
        for route in bySymbol {
            router.get(RouterPath(stringLiteral: route.path)) { request, _ in
                try await reply(request, pool: "Public", weight: route.weight) { query in
                    spotMarket(query["symbol"]) { route.answer($0, Timestamp.now().milliseconds) }
                }
            }
        }
        router.get("/api/v1/market/allTickers") { request, _ in
            try await reply(request, pool: "Public", weight: 15) { _ in
                let time = Timestamp.now().milliseconds
                let tickers = exchange.withSpotMarkets { $0.map { KuCoinSpotWire.stats($0, timeMillis: time, inList: true) } }
                return .ok(#"{"time":\#(time),"ticker":[\#(tickers.joined(separator: ","))]}"#)
            }
        }
        // The full book is signed and on the Spot pool, as on KuCoin.
        router.get("/api/v3/market/orderbook/level2") { request, _ in
            try await reply(request, pool: "Spot", weight: 3, signed: true) { query in
                spotMarket(query["symbol"]) { KuCoinSpotWire.book($0, depth: nil, timeMillis: Timestamp.now().milliseconds) }
            }
        }
        router.get("/api/v1/market/candles") { request, _ in
            try await reply(request, pool: "Public", weight: 3) { query in
                guard let width = query["type"].flatMap({ KuCoinSpotWire.candleTypes[$0] }) else {
                    return .failure("400100", "Invalid type: one of \(KuCoinSpotWire.candleTypes.keys.sorted().joined(separator: ", "))", status: 200)
                }
                // Seconds, kept within years 1970…2286 so no arithmetic on them can overflow.
                let now = Timestamp.now().milliseconds / 1000
                let end = query["endAt"].flatMap(Int64.init).flatMap { $0 > 0 ? min($0, 9_999_999_999) : nil } ?? now
                let start = query["startAt"].flatMap(Int64.init).flatMap { $0 > 0 ? min($0, end) : nil } ?? max(0, end - 1_500 * width)
                return spotMarket(query["symbol"]) { KuCoinSpotWire.candles($0, widthSeconds: width, from: start, to: end) }
            }
        }
    }

    /// The spot market of a symbol, or KuCoin Spot's answer for a pair it does not list.
    func spotMarket(_ symbol: String?, _ body: (SimMarket) -> String) -> Reply {
        guard let symbol, let data = exchange.withSpotMarket(symbol, body) else {
            return .failure("400100", "Unsupported trading pair.", status: 200)
        }
        return .ok(data)
    }
}
