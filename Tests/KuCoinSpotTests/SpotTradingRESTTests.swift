import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinSpot
import Testing

@Suite("KuCoin Spot accounts, HF orders and fills against a scripted server, signatures recomputed")
struct SpotTradingRESTTests {
    @Test("accounts, account detail and the trading balance are signed and decode to the samples' values")
    func accounts() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("accounts")), method: "GET", path: "/api/v1/accounts")
            server.setFallback(.json(try SpotTest.rest("account-detail")), method: "GET", path: "/api/v1/accounts/548674591753")
            let spot = try SpotTest.spot(server)
            let accounts = try await spot.accounts(currency: "USDT")
            #expect(accounts == [
                SpotAccount(id: "548674591753", currency: "USDT", type: "trade", balance: exact("26.66759503"), available: exact("26.66759503"), holds: 0),
                SpotAccount(id: "63355cd156298d0001b66e61", currency: "USDT", type: "main", balance: exact("0.01"), available: exact("0.01"), holds: 0),
            ])
            #expect(try await spot.account(id: "548674591753") == Balance(currency: "USDT", available: exact("26.66759503"),
                                                                          total: exact("26.66759503"), hold: 0))
            // The scripted server ignores the type filter: only the trade account counts.
            #expect(try await spot.balance(currency: "USDT") == Balance(currency: "USDT", available: exact("26.66759503"),
                                                                        total: exact("26.66759503"), hold: 0))
            #expect(server.requests.map(\.uri) == ["/api/v1/accounts?currency=USDT", "/api/v1/accounts/548674591753",
                                                   "/api/v1/accounts?currency=USDT&type=trade"])
            #expect(server.requests.filter { !SpotTest.isSigned($0) }.map(\.path) == [])
            #expect(spot.rest.remainingWeight(in: "Management") == 2000 - 15)
        }
    }

    @Test("a limit order with every option sends the documented body, signed; the reference request has the same JSON types")
    func placeLimit() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("hf-orders-post")), method: "POST", path: "/api/v1/hf/orders")
            let spot = try SpotTest.spot(server)
            var order = OrderRequest.limit(.buy, "BTC-USDT", size: "0.00001", price: "50000", timeInForce: .immediateOrCancel,
                                           clientOrderID: "5c52e11203aa677f33e493fb")
            order.hidden = true
            order.selfTradePrevention = .decrementAndCancel
            order.remark = "order remarks"
            let ack = try await spot.placeOrder(order)
            #expect(ack == OrderAck(orderID: "670fd33bf9406e0007ab3945", clientOrderID: "5c52e11203aa677f33e493fb"))
            let sent = try #require(server.requests.first)
            #expect(SpotTest.isSigned(sent))
            #expect(sent.bodyString == #"{"clientOid":"5c52e11203aa677f33e493fb","side":"buy","symbol":"BTC-USDT","type":"limit","price":"50000","size":"0.00001","timeInForce":"IOC","hidden":true,"stp":"DC","remark":"order remarks"}"#)
            let reference = try JSONSerialization.jsonObject(with: Data(try SpotTest.rest("hf-orders-post.request").utf8)) as! [String: Any]
            let ours = try JSONSerialization.jsonObject(with: Data(sent.body)) as! [String: Any]
            for key in reference.keys.sorted() {
                #expect(ours[key].map { "\(type(of: $0))" } == "\(type(of: reference[key]!))", "\(key) has the wrong JSON type")
            }

            // Post-only and iceberg.
            var maker = OrderRequest.limit(.sell, "BTC-USDT", size: "2", price: "70000.1", postOnly: true, clientOrderID: "maker-1")
            maker.visibleSize = exact("0.5")
            maker.selfTradePrevention = .cancelBoth
            _ = try await spot.placeOrder(maker)
            #expect(server.requests[1].bodyString == #"{"clientOid":"maker-1","side":"sell","symbol":"BTC-USDT","type":"limit","price":"70000.1","size":"2","timeInForce":"GTC","postOnly":true,"iceberg":true,"visibleSize":"0.5","stp":"CB"}"#)
        }
    }

    @Test("market orders by size and by funds; a generated client id; validateOnly goes to the test endpoint")
    func placeMarket() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("hf-orders-post")), method: "POST", path: "/api/v1/hf/orders")
            server.setFallback(.json(#"{"code":"200000","data":{"orderId":"670fd33bf9406e0007ab3946","clientOid":""}}"#), method: "POST", path: "/api/v1/hf/orders/test")
            let spot = try SpotTest.spot(server)
            _ = try await spot.placeOrder(.market(.sell, "BTC-USDT", size: "0.25"))
            _ = try await spot.placeOrder(.market(.buy, "BTC-USDT", funds: "100.5", clientOrderID: "by-funds"))
            let checked = try await spot.placeOrder(.market(.buy, "BTC-USDT", funds: "10"), validateOnly: true)
            let bodies = server.requests.map { try! JSONSerialization.jsonObject(with: Data($0.body)) as! [String: Any] }
            let generated = try #require(bodies[0]["clientOid"] as? String)
            #expect(generated.count == 32 && generated.allSatisfy { $0.isHexDigit })
            #expect(bodies[0]["type"] as? String == "market" && bodies[0]["size"] as? String == "0.25" && bodies[0]["funds"] == nil && bodies[0]["price"] == nil)
            #expect(server.requests[1].bodyString == #"{"clientOid":"by-funds","side":"buy","symbol":"BTC-USDT","type":"market","funds":"100.5"}"#)
            #expect(server.requests.map(\.path) == ["/api/v1/hf/orders", "/api/v1/hf/orders", "/api/v1/hf/orders/test"])
            #expect(checked.orderID == "670fd33bf9406e0007ab3946" && checked.clientOrderID == bodies[2]["clientOid"] as? String)
            #expect(server.requests.allSatisfy(SpotTest.isSigned))
        }
    }

    @Test("order rules are checked before sending", arguments: [
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .limit, size: 1),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .limit, size: 0, price: 1),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .limit, size: 1, price: 1, timeInForce: .goodTillDate),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .market, size: 0),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .market, size: 1, funds: 10),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .market, size: 1, price: 5),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .limit, size: 1, price: 1, visibleSize: 2),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .limit, size: 1, price: 1, reduceOnly: true),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .limit, size: 1, price: 1, leverage: 3),
        OrderRequest(symbol: "BTC-USDT", side: .buy, type: .stopLimit, size: 1, price: 1, stop: .down, stopPrice: 1),
        OrderRequest.limit(.buy, "BTC-USDT", size: 1, price: "1", clientOrderID: "has space"),
    ])
    func orderRules(order: OrderRequest) async throws {
        try await withScriptedHTTPServer { server in
            let spot = try SpotTest.spot(server)
            await #expect { try await spot.placeOrder(order) } throws: { ($0 as? ExchangeError)?.code == .invalidRequest }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a placement that times out is outcomeUnknown, sent once, and the order is found by its client id")
    func outcomeUnknown() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.fault(.stall), method: "POST", path: "/api/v1/hf/orders")
            server.setFallback(.json(try SpotTest.rest("hf-order-get")), method: "GET", path: "/api/v1/hf/orders/client-order/5c52e11203aa677f33e493fb")
            let spot = try SpotTest.spot(server)
            var unknown: ExchangeError?
            do {
                try await spot.placeOrder(.limit(.buy, "BTC-USDT", size: "0.00001", price: "70000", clientOrderID: "5c52e11203aa677f33e493fb"))
            } catch let error as ExchangeError {
                unknown = error
            }
            #expect(unknown?.code == .outcomeUnknown && unknown?.clientOrderID == "5c52e11203aa677f33e493fb")
            #expect(server.requests(path: "/api/v1/hf/orders").count == 1)
            let order = try await spot.order(clientOrderID: try #require(unknown?.clientOrderID), symbol: "BTC-USDT")
            #expect(order.orderID == "6717422bd51c29000775ea03" && order.status == .filled)
            #expect(server.requests(path: "/api/v1/hf/orders/client-order/5c52e11203aa677f33e493fb").first?.query == "symbol=BTC-USDT")
        }
    }

    @Test("cancel by id, by client id and all; get one; list active; fills — signed, decoded to the samples' values")
    func ordersAndFills() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("hf-order-delete")), method: "DELETE", path: "/api/v1/hf/orders/671124f9365ccb00073debd4")
            server.setFallback(.json(#"{"code":"200000","data":{"clientOid":"5c52e11203aa677f33e493fb"}}"#), method: "DELETE",
                               path: "/api/v1/hf/orders/client-order/5c52e11203aa677f33e493fb")
            server.setFallback(.json(try SpotTest.rest("hf-orders-delete-by-symbol")), method: "DELETE", path: "/api/v1/hf/orders")
            server.setFallback(.json(try SpotTest.rest("hf-order-get")), method: "GET", path: "/api/v1/hf/orders/6717422bd51c29000775ea03")
            server.setFallback(.json(try SpotTest.rest("hf-orders-active")), method: "GET", path: "/api/v1/hf/orders/active")
            server.setFallback(.json(try SpotTest.rest("hf-fills")), method: "GET", path: "/api/v1/hf/fills")
            let spot = try SpotTest.spot(server)

            #expect(try await spot.cancelOrder(id: "671124f9365ccb00073debd4", symbol: "BTC-USDT") == ["671124f9365ccb00073debd4"])
            #expect(try await spot.cancelOrder(clientOrderID: "5c52e11203aa677f33e493fb", symbol: "BTC-USDT") == ["5c52e11203aa677f33e493fb"])
            #expect(try await spot.cancelAllOrders(symbol: "BTC-USDT") == [])

            let order = try await spot.order(id: "6717422bd51c29000775ea03", symbol: "BTC-USDT")
            #expect(order == Order(orderID: "6717422bd51c29000775ea03", clientOrderID: "5c52e11203aa677f33e493fb", symbol: "BTC-USDT", side: .buy,
                                   type: .limit, status: .filled, price: 70000, size: exact("0.00001"), filledSize: exact("0.00001"),
                                   averageFillPrice: exact("67717.6"), timeInForce: .goodTillCanceled,
                                   createdAt: Timestamp(milliseconds: 1_729_577_515_444), updatedAt: Timestamp(milliseconds: 1_729_577_515_481)))

            let open = try await spot.openOrders(symbol: "BTC-USDT")
            #expect(open == [Order(orderID: "67120bbef094e200070976f6", clientOrderID: "5c52e11203aa677f33e493fb", symbol: "BTC-USDT", side: .buy,
                                   type: .limit, status: .open, price: 50000, size: exact("0.00001"), filledSize: 0, timeInForce: .goodTillCanceled,
                                   createdAt: Timestamp(milliseconds: 1_729_235_902_748), updatedAt: Timestamp(milliseconds: 1_729_235_909_862))])

            let fills = try await spot.fills(symbol: "BTC-USDT", orderID: "6717422bd51c29000775ea03", limit: 50)
            #expect(fills == [Fill(tradeID: "11029373945659392", orderID: "6717422bd51c29000775ea03", symbol: "BTC-USDT", side: .buy,
                                   price: exact("67717.6"), size: exact("0.00001"), fee: exact("0.000677176"), feeCurrency: "USDT",
                                   liquidity: .taker, timestamp: Timestamp(milliseconds: 1_729_577_515_473))])

            #expect(server.requests.map { "\($0.method) \($0.uri)" } == [
                "DELETE /api/v1/hf/orders/671124f9365ccb00073debd4?symbol=BTC-USDT",
                "DELETE /api/v1/hf/orders/client-order/5c52e11203aa677f33e493fb?symbol=BTC-USDT",
                "DELETE /api/v1/hf/orders?symbol=BTC-USDT",
                "GET /api/v1/hf/orders/6717422bd51c29000775ea03?symbol=BTC-USDT",
                "GET /api/v1/hf/orders/active?symbol=BTC-USDT",
                "GET /api/v1/hf/fills?symbol=BTC-USDT&orderId=6717422bd51c29000775ea03&limit=50",
            ])
            #expect(server.requests.filter { !SpotTest.isSigned($0) }.map(\.path) == [])
        }
    }

    @Test("the generic TradingVenue calls serve the HF endpoints and need a symbol")
    func genericTrading() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("hf-orders-active")), method: "GET", path: "/api/v1/hf/orders/active")
            let spot = try SpotTest.spot(server)
            let venue: any TradingVenue = spot
            #expect(try await venue.openOrders(symbol: "BTC-USDT").count == 1)
            await #expect { try await venue.openOrders(symbol: nil) } throws: { ($0 as? ExchangeError)?.code == .invalidRequest }
            await #expect { try await venue.cancelOrder(id: "x", symbol: nil) } throws: { ($0 as? ExchangeError)?.code == .invalidRequest }
            await #expect { try await venue.fills(symbol: nil) } throws: { ($0 as? ExchangeError)?.code == .invalidRequest }
            await #expect { try await venue.positions() } throws: { ($0 as? ExchangeError)?.code == .unsupported }
            let market: any MarketDataVenue = spot
            await #expect { try await market.markPrice(symbol: "BTC-USDT") } throws: { ($0 as? ExchangeError)?.code == .unsupported }
            #expect(server.requests.count == 1)
        }
    }
}
