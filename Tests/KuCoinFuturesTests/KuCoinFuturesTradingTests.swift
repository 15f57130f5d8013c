import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinCore
import KuCoinFutures
import Testing

@Suite("KuCoin Futures REST: fills, stop orders, TP/SL, funding, risk limits, margin settings")
struct KuCoinFuturesTradingTests {
    @Test("reads: fills, stop orders, funding, risk limits, margin mode and cross leverage decode the samples")
    func reads() async throws {
        try await withScriptedHTTPServer { server in
            for (path, name) in [("/api/v1/recentFills", "recent-fills"), ("/api/v1/fills", "fills"), ("/api/v1/stopOrders", "stop-orders-list"),
                                 ("/api/v1/funding-history", "funding-history"), ("/api/v1/contract/funding-rates", "contract-funding-rates"),
                                 ("/api/v1/contracts/risk-limit/XBTUSDTM", "risk-limit"), ("/api/v2/position/getMarginMode", "margin-mode-get"),
                                 ("/api/v2/getCrossUserLeverage", "cross-leverage-get")] {
                server.setFallback(.json(try KC.fixture(name)), method: "GET", path: path)
            }
            let futures = try KC.futures(server)
            let recent = try await futures.recentFills(symbol: "XBTUSDTM")
            #expect(recent.first == Fill(tradeID: "1784277229880", orderID: "236317213710184449", symbol: "XBTUSDTM", side: .buy,
                                         price: dec("67430.9"), size: 1, fee: dec("0.04045854"), feeCurrency: "USDT", liquidity: .taker,
                                         timestamp: Timestamp(nanoseconds: 1_729_155_616_320_000_000)))
            let fills = try await futures.fills(orderID: "284486580251463680")
            #expect(fills.first?.price == dec("86275.1") && fills.first?.fee == dec("0.05176506") && fills.count == 1)
            _ = try await futures.stopOrders(symbol: "XBTUSDTM")
            let funding = try await futures.fundingHistory(symbol: "XBTUSDTM", from: Timestamp(milliseconds: 1), to: Timestamp(milliseconds: 2))
            #expect(funding.first == FundingPayment(id: 1_472_387_374_042_586, symbol: "XBTUSDTM", time: Timestamp(milliseconds: 1_731_470_400_000),
                                                    rate: dec("0.000641"), markPrice: dec("87139.92"), positionSize: 1,
                                                    amount: dec("-0.05585669"), currency: "USDT"))
            let rates = try await futures.fundingRates(symbol: "XBTUSDTM", from: Timestamp(milliseconds: 1), to: Timestamp(milliseconds: 2))
            #expect(rates.first?.rate == dec("0.00021") && rates.first?.timestamp == Timestamp(milliseconds: 1_702_296_000_000))
            let levels = try await futures.riskLimitLevels(symbol: "XBTUSDTM")
            #expect(levels.first?.level == 1 && levels.first?.maxLeverage == 125 && levels.first?.maintenanceMargin == dec("0.004"))
            #expect(try await futures.marginMode(symbol: "XBTUSDTM") == .isolated)
            #expect(try await futures.crossLeverage(symbol: "XBTUSDTM") == 3)
            // Only the public funding-rate history goes unsigned (paths only: never print signatures).
            #expect(server.requests.filter { !KC.isSigned($0) }.map(\.path) == ["/api/v1/contract/funding-rates"])
            #expect(server.requests(path: "/api/v1/fills").first?.query == "pageSize=1000&orderId=284486580251463680")
            #expect(server.requests(path: "/api/v1/funding-history").first?.query == "symbol=XBTUSDTM&startAt=1&endAt=2")
        }
    }

    @Test("writes send the documented bodies: TP/SL, risk limit, margin mode, cross leverage, close position, cancel stops")
    func writes() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try KC.fixture("orders-post")), method: "POST", path: "/api/v1/st-orders")
            server.setFallback(.json(try KC.fixture("orders-post")), method: "POST", path: "/api/v1/orders")
            server.setFallback(.json(try KC.fixture("risk-limit-level-change")), method: "POST", path: "/api/v1/position/risk-limit-level/change")
            server.setFallback(.json(try KC.fixture("margin-mode-change")), method: "POST", path: "/api/v2/position/changeMarginMode")
            server.setFallback(.json(try KC.fixture("cross-leverage-change")), method: "POST", path: "/api/v2/changeCrossUserLeverage")
            server.setFallback(.json(try KC.fixture("stop-orders-delete")), method: "DELETE", path: "/api/v1/stopOrders")
            let futures = try KC.futures(server)
            var order = OrderRequest.limit(.buy, "XBTUSDTM", size: 1, price: "0.2", leverage: 3, clientOrderID: "5c52e11203aa677f33e493fb")
            order.marginMode = .isolated
            order.remark = "order remarks"
            try await futures.placeOrder(order, takeProfit: dec("0.3"), stopLoss: dec("0.1"))
            try await futures.setRiskLimitLevel(symbol: "XBTUSDTM", level: 2)
            try await futures.setMarginMode(.isolated, symbol: "XBTUSDTM")
            try await futures.setCrossLeverage("10", symbol: "XBTUSDTM")
            try await futures.closePosition(symbol: "XBTUSDTM", clientOrderID: "close-1")
            #expect(try await futures.cancelAllStopOrders(symbol: "XBTUSDTM") == ["235919172150824960", "235919172150824961"])

            func json(_ path: String) throws -> [String: Any] {
                try JSONSerialization.jsonObject(with: Data(try #require(server.requests(path: path).first).body)) as! [String: Any]
            }
            // Every field of the reference TP/SL request, with the same value and JSON type.
            let reference = try JSONSerialization.jsonObject(with: Data(try KC.fixture("st-orders-post.request").utf8)) as! [String: Any]
            let tpsl = try json("/api/v1/st-orders")
            for (key, value) in reference where key != "reduceOnly" {
                #expect("\(tpsl[key] ?? "missing")" == "\(value)", "\(key)")
            }
            #expect(try json("/api/v1/position/risk-limit-level/change") as NSDictionary == ["symbol": "XBTUSDTM", "level": 2] as NSDictionary)
            #expect(try json("/api/v2/position/changeMarginMode") as NSDictionary == ["symbol": "XBTUSDTM", "marginMode": "ISOLATED"] as NSDictionary)
            #expect(try json("/api/v2/changeCrossUserLeverage") as NSDictionary == ["symbol": "XBTUSDTM", "leverage": "10"] as NSDictionary)
            let close = try json("/api/v1/orders")
            #expect(close["closeOrder"] as? Bool == true && close["side"] == nil && close["size"] == nil && close["type"] as? String == "market")
            #expect(server.requests.filter { !KC.isSigned($0) }.map(\.path) == [])
        }
    }

    @Test("candles over a range are fetched page by page without gaps or repeats")
    func paginatedCandles() async throws {
        try await withScriptedHTTPServer { server in
            // A venue that serves at most 3 rows per call, one per minute, from the requested start.
            server.route("GET", "/api/v1/kline/query") { request in
                let from = Int64(request.queryItems.first { $0.name == "from" }!.value)!
                let to = Int64(request.queryItems.first { $0.name == "to" }!.value)!
                let first = (from + 59_999) / 60_000 * 60_000
                let rows = stride(from: first, through: to, by: 60_000).prefix(3).map { "[\($0),1,2,0.5,1.5,10,100]" }
                return .json(#"{"code":"200000","data":[\#(rows.joined(separator: ","))]}"#)
            }
            let futures = try KC.futures(server, credentials: nil)
            let start = Timestamp(milliseconds: 1_700_000_040_000)
            let candles = try await futures.candles(symbol: "XBTUSDTM", interval: .seconds(60), over: start...start.advanced(by: .seconds(600)), pageSize: 3)
            #expect(candles.map(\.start.milliseconds) == (0...10).map { 1_700_000_040_000 + Int64($0) * 60_000 })
            #expect(candles.first?.quoteVolume == 100)
        }
    }
}
