import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinCore
import KuCoinFutures
import Testing

@Suite("KuCoin Futures REST against a scripted server, with the reference samples")
struct KuCoinFuturesRESTTests {
    @Test("market data: time, contracts, ticker, books, mark price, funding, candles decode to the samples' values")
    func marketData() async throws {
        try await withScriptedHTTPServer { server in
            for (path, name) in [("/api/v1/timestamp", "timestamp"), ("/api/v1/contracts/XBTUSDTM", "contract"),
                                 ("/api/v1/contracts/active", "contracts-active"), ("/api/v1/ticker", "ticker"),
                                 ("/api/v1/level2/snapshot", "level2-snapshot"), ("/api/v1/level2/depth20", "level2-depth20"),
                                 ("/api/v1/mark-price/XBTUSDTM/current", "mark-price-current"),
                                 ("/api/v1/funding-rate/XBTUSDTM/current", "funding-rate-current"), ("/api/v1/kline/query", "kline-query"),
                                 ("/api/v1/allTickers", "all-tickers")] {
                server.setFallback(.json(try KC.fixture(name)), method: "GET", path: path)
            }
            let futures = try KC.futures(server, credentials: nil)
            #expect(try await futures.serverTime() == Timestamp(milliseconds: 1_729_260_030_774))

            let contract = try await futures.instrument(symbol: "XBTUSDTM")
            #expect(contract.symbol == "XBTUSDTM" && contract.base == "XBT" && contract.quote == "USDT" && contract.settle == "USDT")
            #expect(contract.multiplier == dec("0.001") && contract.tickSize == dec("0.1") && contract.lotSize == 1)
            #expect(contract.maxSize == 1_000_000 && !contract.isInverse && contract.kind == .perpetual && contract.isTrading)
            #expect(try await futures.instruments().isEmpty == false)

            let ticker = try await futures.ticker(symbol: "XBTUSDM")
            #expect(ticker.bid == dec("67169.6") && ticker.bidSize == 32345 && ticker.ask == dec("67169.7") && ticker.askSize == 7251)
            #expect(ticker.last == dec("67158.4") && ticker.lastSize == 2936 && ticker.sequence == 1_697_895_100_310)
            #expect(ticker.timestamp == Timestamp(nanoseconds: 1_729_163_001_780_000_000))

            let all = try await futures.tickers()
            #expect(all.count == 2 && all[0] == Ticker(symbol: "XBTUSDTM", bid: 67153, bidSize: 2767, ask: dec("67153.1"), askSize: 5368,
                                                      last: 67153, lastSize: 21, sequence: 1_707_992_727_046,
                                                      timestamp: Timestamp(nanoseconds: 1_729_163_466_659_000_000)))

            let book = try await futures.orderBook(symbol: "XBTUSDM")
            #expect(book.sequence == 1_697_895_963_339)
            #expect(book.bids == [PriceLevel(price: 66968, size: 2), PriceLevel(price: dec("66964.8"), size: 25596)])
            #expect(book.asks == [PriceLevel(price: dec("66968.1"), size: 13501), PriceLevel(price: dec("66968.7"), size: 2032)])
            #expect(book.timestamp == Timestamp(nanoseconds: 1_729_168_101_216_000_000))
            _ = try await futures.orderBook(symbol: "XBTUSDM", depth: 20)
            await #expect(throws: ExchangeError.self) { try await futures.orderBook(symbol: "XBTUSDM", depth: 50) }

            let mark = try await futures.markPrice(symbol: "XBTUSDTM")
            #expect(mark.value == dec("67687.08") && mark.indexPrice == dec("67683.58") && mark.timestamp == Timestamp(milliseconds: 1_729_254_307_000))

            let funding = try await futures.fundingRate(symbol: "XBTUSDTM")
            #expect(funding.rate == dec("0.000061") && funding.predictedRate == dec("0.000109"))
            #expect(funding.nextFundingTime == Timestamp(milliseconds: 1_748_491_200_000) && funding.interval == .seconds(28_800))

            let candles = try await futures.candles(symbol: "XBTUSDTM", interval: .seconds(28_800 / 8 * 8), from: Timestamp(milliseconds: 1), to: Timestamp(milliseconds: 2))
            #expect(candles.first == Candle(symbol: "XBTUSDTM", interval: .seconds(28_800), start: Timestamp(milliseconds: 1_728_576_000_000),
                                            open: dec("60791.1"), high: 61035, low: 58940, close: 60300, volume: 5_501_167))
            let klineQuery = try #require(server.requests(path: "/api/v1/kline/query").first)
            #expect(klineQuery.query == "symbol=XBTUSDTM&granularity=480&from=1&to=2")

            // Public calls carry no credentials at all.
            #expect(server.requests.filter { $0.header("KC-API-KEY") != nil || $0.header("KC-API-SIGN") != nil }.map(\.path) == [])
        }
    }

    @Test("account: balance, position and positions are signed and decode to the samples' values")
    func account() async throws {
        try await withScriptedHTTPServer { server in
            for (path, name) in [("/api/v1/account-overview", "account-overview"), ("/api/v1/position", "position"), ("/api/v1/positions", "positions")] {
                server.setFallback(.json(try KC.fixture(name)), method: "GET", path: path)
            }
            let futures = try KC.futures(server)
            let balance = try await futures.balance(currency: "USDT")
            #expect(balance.currency == "USDT" && balance.available == dec("290.326799096") && balance.total == dec("394.439280806"))
            #expect(balance.hold == dec("10.06002012") + dec("102.20664159"))
            let position = try await futures.position(symbol: "XBTUSDTM")
            #expect(position.symbol == "XBTUSDTM" && position.size == 1 && position.entryPrice == dec("67430.9"))
            #expect(position.markPrice == dec("68900.7") && position.unrealizedPnL == dec("1.4698") && position.realizedPnL == dec("-0.06166534"))
            #expect(position.leverage == dec("2.88") && position.liquidationPrice == dec("45314.33") && position.marginMode == .isolated)
            #expect(position.timestamp == Timestamp(milliseconds: 1_729_482_542_135))
            let positions = try await futures.positions(currency: "USDT")
            #expect(positions.count == 2)
            let requests = server.requests
            #expect(requests.map(\.uri) == ["/api/v1/account-overview?currency=USDT", "/api/v1/position?symbol=XBTUSDTM", "/api/v1/positions?currency=USDT"])
            #expect(requests.filter { !KC.isSigned($0) }.map(\.path) == [])
        }
    }

    @Test("placing an order sends the documented body, signed; a generated client id is reported back")
    func placeOrder() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try KC.fixture("orders-post")), method: "POST", path: "/api/v1/orders")
            let futures = try KC.futures(server)
            let ack = try await futures.placeOrder(.limit(.buy, "XBTUSDTM", size: 3, price: "96000.5", leverage: 10, clientOrderID: "5c52e11203aa677f33e493fb"))
            #expect(ack == OrderAck(orderID: "234125150956625920", clientOrderID: "5c52e11203aa677f33e493fb"))
            let sent = try #require(server.requests.first)
            #expect(KC.isSigned(sent))
            #expect(sent.bodyString == #"{"clientOid":"5c52e11203aa677f33e493fb","side":"buy","symbol":"XBTUSDTM","type":"limit","price":"96000.5","size":3,"leverage":10,"timeInForce":"GTC"}"#)
            // The reference request shape: the same keys and JSON types.
            let reference = try JSONSerialization.jsonObject(with: Data(try KC.fixture("orders-post.request").utf8)) as! [String: Any]
            let ours = try JSONSerialization.jsonObject(with: Data(sent.body)) as! [String: Any]
            for key in ["clientOid", "side", "symbol", "leverage", "type", "price", "size", "timeInForce"] {
                #expect(type(of: ours[key]!) == type(of: reference[key]!), "\(key) has the wrong JSON type")
            }

            _ = try await futures.placeOrder(.market(.sell, "XBTUSDTM", size: 2, reduceOnly: true))
            // validateOnly goes to the test endpoint, same body rules.
            server.setFallback(.json(try KC.fixture("orders-post")), method: "POST", path: "/api/v1/orders/test")
            _ = try await futures.placeOrder(.limit(.buy, "XBTUSDTM", size: 1, price: "1"), validateOnly: true)
            #expect(server.requests(path: "/api/v1/orders/test").count == 1)
            let market = try JSONSerialization.jsonObject(with: Data(server.requests[1].body)) as! [String: Any]
            let generated = try #require(market["clientOid"] as? String)
            #expect(generated.count == 32 && market["type"] as? String == "market" && market["reduceOnly"] as? Bool == true && market["price"] == nil)
        }
    }

    @Test("order rules are checked before sending", arguments: [
        OrderRequest.limit(.buy, "XBTUSDTM", size: "1.5", price: "1"),
        OrderRequest(symbol: "XBTUSDTM", side: .buy, type: .limit, size: 1),
        OrderRequest(symbol: "XBTUSDTM", side: .buy, type: .limit, size: 1, price: 1, timeInForce: .fillOrKill),
        OrderRequest.limit(.buy, "XBTUSDTM", size: 1, price: "1", clientOrderID: "has space"),
        OrderRequest(symbol: "XBTUSDTM", side: .buy, type: .stopMarket, size: 1, stop: .down),
    ])
    func orderRules(order: OrderRequest) async throws {
        try await withScriptedHTTPServer { server in
            let futures = try KC.futures(server)
            await #expect { try await futures.placeOrder(order) } throws: { ($0 as? ExchangeError)?.code == .invalidRequest }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a placement that times out is outcomeUnknown, sent once, and the order is found by its client id")
    func outcomeUnknown() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.fault(.stall), method: "POST", path: "/api/v1/orders")
            server.setFallback(.json(try KC.fixture("order-by-id")), method: "GET", path: "/api/v1/orders/byClientOid")
            let futures = try KC.futures(server)
            var unknown: ExchangeError?
            do {
                try await futures.placeOrder(.limit(.buy, "XBTUSDTM", size: 1, price: "0.1", leverage: 3, clientOrderID: "5c52e11203aa677f33e493fb"))
            } catch let error as ExchangeError {
                unknown = error
            }
            #expect(unknown?.code == .outcomeUnknown)
            #expect(server.requests(path: "/api/v1/orders").count == 1)
            let order = try await futures.order(clientOrderID: try #require(unknown?.clientOrderID))
            #expect(order.orderID == "236655147005071361" && order.status == .open && order.price == dec("0.1") && order.size == 1)
            #expect(order.leverage == 3 && order.timeInForce == .goodTillCanceled && order.createdAt == Timestamp(milliseconds: 1_729_236_185_949))
            #expect(server.requests(path: "/api/v1/orders/byClientOid").first?.query == "clientOid=5c52e11203aa677f33e493fb")
        }
    }

    @Test("cancel by id, by client id and all; open orders")
    func cancels() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try KC.fixture("orders-delete-by-id")), method: "DELETE", path: "/api/v1/orders/235303670076489728")
            server.setFallback(.json(#"{"code":"200000","data":{"clientOid":"abc"}}"#), method: "DELETE", path: "/api/v1/orders/client-order/abc")
            server.setFallback(.json(try KC.fixture("orders-delete-all-v3")), method: "DELETE", path: "/api/v3/orders")
            server.setFallback(.json(try KC.fixture("orders-list")), method: "GET", path: "/api/v1/orders")
            let futures = try KC.futures(server)
            #expect(try await futures.cancelOrder(id: "235303670076489728") == ["235303670076489728"])
            _ = try await futures.cancelOrder(clientOrderID: "abc", symbol: "XBTUSDTM")
            #expect(try await futures.cancelAllOrders(symbol: "XBTUSDTM").isEmpty == false)
            let open = try await futures.openOrders(symbol: "PEOPLEUSDTM")
            #expect(open.first?.symbol == "PEOPLEUSDTM" && open.first?.price == dec("0.05") && open.first?.size == 10)
            #expect(server.requests.map(\.uri) == [
                "/api/v1/orders/235303670076489728", "/api/v1/orders/client-order/abc?symbol=XBTUSDTM",
                "/api/v3/orders?symbol=XBTUSDTM", "/api/v1/orders?status=active&pageSize=1000&symbol=PEOPLEUSDTM",
            ])
            #expect(server.requests.filter { !KC.isSigned($0) }.map(\.path) == [])
            await #expect(throws: ExchangeError.self) { try await futures.cancelOrder(id: "../etc") }
        }
    }

    @Test("KuCoin errors under HTTP 200 are errors, mapped by code", arguments: [
        ("400100", 200, ExchangeError.Code.invalidRequest),
        ("400005", 401, .authentication),
        ("200003", 200, .invalidRequest),
        ("300018", 200, .invalidRequest),
        ("411100", 400, .authentication),
        ("999999", 200, .api),
    ])
    func errors(code: String, status: Int, expected: ExchangeError.Code) async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(#"{"code":"\#(code)","msg":"no"}"#, status: status), method: "GET", path: "/api/v1/ticker")
            let futures = try KC.futures(server)
            await #expect { try await futures.ticker(symbol: "X") } throws: { error in
                let error = error as? ExchangeError
                return error?.code == expected && error?.venueCode == code && error?.venue == "kucoin-futures"
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("400002 re-reads the server clock and the call succeeds, re-signed")
    func timestampRecovery() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.json(#"{"code":"400002","msg":"KC-API-TIMESTAMP Invalid"}"#, status: 400), method: "GET", path: "/api/v1/position")
            server.setFallback(.json(try KC.fixture("position")), method: "GET", path: "/api/v1/position")
            server.route("GET", "/api/v1/timestamp") { _ in .json(#"{"code":"200000","data":\#(Timestamp.now().milliseconds)}"#) }
            let futures = try KC.futures(server)
            _ = try await futures.position(symbol: "XBTUSDTM")
            #expect(server.requests.map(\.path) == ["/api/v1/position", "/api/v1/timestamp", "/api/v1/position"])
            #expect(KC.isSigned(server.requests[2]))
        }
    }

    @Test("the gw-ratelimit headers feed the ledger; 429000 waits for the reset")
    func rateLimits() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.json(#"{"code":"429000","msg":"Too Many Requests"}"#, status: 429, headers: [("gw-ratelimit-reset", "40")]),
                           method: "GET", path: "/api/v1/ticker")
            server.setFallback(.json(try KC.fixture("ticker"), headers: [("gw-ratelimit-limit", "2000"), ("gw-ratelimit-remaining", "1234"), ("gw-ratelimit-reset", "20000")]),
                               method: "GET", path: "/api/v1/ticker")
            let futures = try KC.futures(server)
            _ = try await futures.ticker(symbol: "XBTUSDM")
            #expect(server.requests.count == 2)
            #expect(futures.rest.remainingWeight(in: KuCoinPool.public) == 1234)
        }
    }

    @Test("lots for a balance: linear and inverse, capped, and zero when not even one lot is affordable")
    func sizing() {
        let linear = Instrument(symbol: "XBTUSDTM", kind: .perpetual, base: "XBT", quote: "USDT", settle: "USDT",
                                multiplier: dec("0.001"), tickSize: dec("0.1"), lotSize: 1, minSize: 1, maxSize: 1_000_000)
        // 1000 USDT × 10× at 96000: 10000 / 96 per lot = 104.16 → 104 lots.
        #expect(KuCoinFutures.contracts(for: 1000, price: 96000, leverage: 10, instrument: linear) == 104)
        #expect(KuCoinFutures.contracts(for: 1000, price: 96000, leverage: 10, fraction: dec("0.5"), instrument: linear) == 52)
        #expect(KuCoinFutures.contracts(for: 1000, price: 96000, leverage: 10, instrument: linear, cap: 20) == 20)
        #expect(KuCoinFutures.contracts(for: 50, price: 96000, leverage: 1, instrument: linear) == 0)
        let inverse = Instrument(symbol: "XBTUSDM", kind: .perpetual, base: "XBT", quote: "USD", settle: "XBT",
                                 multiplier: 1, isInverse: true, tickSize: 1, lotSize: 1, minSize: 1)
        // 0.01 XBT × 5× at 60000 USD: 3000 USD of 1-USD lots.
        #expect(KuCoinFutures.contracts(for: dec("0.01"), price: 60000, leverage: 5, instrument: inverse) == 3000)
    }
}
