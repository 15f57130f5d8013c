import BinanceStub
import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

@Suite("Binance USDⓈ-M REST against a scripted server, with the reference samples")
struct BinanceRESTTests {
    @Test("market data: ping, time, exchangeInfo, depth, trades, aggTrades, klines, premiumIndex, fundingRate, tickers decode to the samples' values")
    func marketData() async throws {
        try await withScriptedHTTPServer { server in
            for (path, name) in [("/fapi/v1/ping", "ping"), ("/fapi/v1/time", "time"), ("/fapi/v1/exchangeInfo", "exchangeInfo"),
                                 ("/fapi/v1/depth", "depth"), ("/fapi/v1/trades", "trades"), ("/fapi/v1/aggTrades", "aggTrades"),
                                 ("/fapi/v1/klines", "klines"), ("/fapi/v1/premiumIndex", "premiumIndex"), ("/fapi/v1/fundingRate", "fundingRate"),
                                 ("/fapi/v1/ticker/bookTicker", "ticker.bookTicker"), ("/fapi/v1/ticker/24hr", "ticker.24hr")] {
                server.setFallback(.json(try BN.fixture("rest/\(name).json")), method: "GET", path: path)
            }
            let binance = try BN.client(server, credentials: nil)
            try await binance.ping()
            #expect(try await binance.serverTime() == Timestamp(milliseconds: 1_499_827_319_559))

            let instrument = try await binance.instrument(symbol: "BLZUSDT")
            #expect(instrument == Instrument(symbol: "BLZUSDT", kind: .perpetual, base: "BLZ", quote: "USDT", settle: "USDT", tickSize: dec("0.0001"),
                                             lotSize: 1, minSize: 1, maxSize: 10_000_000, minNotional: dec("5.0"), isTrading: true))

            let book = try await binance.orderBook(symbol: "BTCUSDT", depth: 5)
            #expect(book == OrderBookSnapshot(symbol: "BTCUSDT", sequence: 1_027_024, bids: [PriceLevel(price: 4, size: 431)],
                                              asks: [PriceLevel(price: dec("4.00000200"), size: 12)], timestamp: Timestamp(milliseconds: 1_589_436_922_959)))
            #expect(server.requests(path: "/fapi/v1/depth").first?.query == "symbol=BTCUSDT&limit=5")
            await #expect(throws: ExchangeError.self) { try await binance.orderBook(symbol: "BTCUSDT", depth: 7) }

            #expect(try await binance.recentTrades(symbol: "BTCUSDT") == [Trade(symbol: "BTCUSDT", price: dec("4.00000100"), size: 12, side: .sell,
                                                                                tradeID: "28457", timestamp: Timestamp(milliseconds: 1_499_865_549_590))])
            #expect(try await binance.aggregateTrades(symbol: "BTCUSDT", fromID: 26129) == [
                Trade(symbol: "BTCUSDT", price: dec("0.01633102"), size: dec("4.70443515"), side: .sell, tradeID: "26129",
                      timestamp: Timestamp(milliseconds: 1_498_793_709_153))])

            let candles = try await binance.candles(symbol: "BTCUSDT", interval: .seconds(3600), from: Timestamp(milliseconds: 1000), to: Timestamp(milliseconds: 5000))
            #expect(candles == [Candle(symbol: "BTCUSDT", interval: .seconds(3600), start: Timestamp(milliseconds: 1_499_040_000_000), open: dec("0.01634790"),
                                       high: dec("0.80000000"), low: dec("0.01575800"), close: dec("0.01577100"), volume: dec("148976.11427815"),
                                       quoteVolume: dec("2434.19055334"))])
            #expect(server.requests(path: "/fapi/v1/klines").first?.query == "symbol=BTCUSDT&interval=1h&startTime=1000&endTime=4999&limit=1500")

            let mark = try await binance.markPrice(symbol: "BTCUSDT")
            #expect(mark == MarkPrice(symbol: "BTCUSDT", value: dec("11793.63104562"), indexPrice: dec("11781.80495970"),
                                      timestamp: Timestamp(milliseconds: 1_597_370_495_002)))
            let funding = try await binance.fundingRate(symbol: "BTCUSDT")
            #expect(funding.rate == dec("0.00038246") && funding.nextFundingTime == Timestamp(milliseconds: 1_597_392_000_000))
            let history = try await binance.fundingRates(symbol: "BTCUSDT")
            #expect(history.map(\.rate) == [dec("-0.03750000"), dec("0.00010000")] && history.last?.timestamp == Timestamp(milliseconds: 1_570_636_800_000))

            #expect(try await binance.ticker(symbol: "BTCUSDT") == Ticker(symbol: "BTCUSDT", bid: 4, bidSize: 431, ask: dec("4.00000200"), askSize: 9,
                                                                            timestamp: Timestamp(milliseconds: 1_589_437_530_011)))
            let day = try await binance.ticker24h(symbol: "BTCUSDT")
            #expect(day.priceChange == dec("-94.99999800") && day.lastPrice == dec("4.00000200") && day.count == 76 && day.lastTradeID == 28460)
            #expect(day.openTime == Timestamp(milliseconds: 1_499_783_499_040) && day.quoteVolume == dec("15.30000000"))

            // Public calls carry no key and no signature.
            #expect(server.requests.filter { $0.header("X-MBX-APIKEY") != nil || $0.queryValue("signature") != nil }.isEmpty)
        }
    }

    @Test("account and orders are signed (checked with swift-crypto) and decode to the samples' values")
    func signedCalls() async throws {
        try await withScriptedHTTPServer { server in
            for (method, path, name) in [("GET", "/fapi/v2/balance", "balance.v2"), ("GET", "/fapi/v2/positionRisk", "positionRisk.v2.hedge"),
                                         ("GET", "/fapi/v2/account", "account.v2"), ("POST", "/fapi/v1/order", "order.post"),
                                         ("GET", "/fapi/v1/order", "order.get"), ("DELETE", "/fapi/v1/order", "order.delete"),
                                         ("GET", "/fapi/v1/openOrders", "openOrders"), ("DELETE", "/fapi/v1/allOpenOrders", "allOpenOrders.delete"),
                                         ("POST", "/fapi/v1/leverage", "leverage.post"), ("POST", "/fapi/v1/listenKey", "listenKey.post")] {
                server.setFallback(.json(try BN.fixture("rest/\(name).json")), method: method, path: path)
            }
            let binance = try BN.client(server)
            let balance = try await binance.balance(currency: "USDT")
            #expect(balance == Balance(currency: "USDT", available: dec("23.72469206"), total: dec("122607.35137903"),
                                       hold: dec("122607.35137903") - dec("23.72469206"), timestamp: Timestamp(milliseconds: 1_617_939_110_373)))
            let position = try await binance.position(symbol: "BTCUSDT")
            #expect(position == Position(symbol: "BTCUSDT", size: dec("0.001"), entryPrice: dec("22185.2"), markPrice: dec("21123.05052574"),
                                         unrealizedPnL: dec("-1.06214947"), leverage: 4, liquidationPrice: dec("19731.45529116"), marginMode: .cross,
                                         timestamp: Timestamp(milliseconds: 1_655_217_461_579)))
            #expect(try await binance.positions().count == 1)
            #expect(try await binance.accountBalances().first?.available == dec("23.72469206"))

            let ack = try await binance.placeOrder(.limit(.buy, "BTCUSDT", size: "10", price: "9000", clientOrderID: "testOrder"), validateOnly: false)
            #expect(ack == OrderAck(orderID: "22542179", clientOrderID: "testOrder"))
            let placed = try #require(server.requests(path: "/fapi/v1/order").first)
            #expect(placed.method == "POST" && placed.query?.hasPrefix("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&price=9000&quantity=10&newClientOrderId=testOrder&timestamp=") == true)

            let order = try await binance.order(id: "1917641", symbol: "BTCUSDT")
            #expect(order.orderID == "1917641" && order.clientOrderID == "abc" && order.side == .buy && order.type == .stopMarket)
            #expect(order.status == .open && order.size == dec("0.40") && order.filledSize == 0 && order.stopPrice == 9300 && order.price == nil)
            #expect(order.createdAt == Timestamp(milliseconds: 1_579_276_756_075))
            #expect(try await binance.cancelOrder(id: "283194212", symbol: "BTCUSDT") == ["283194212"])
            await #expect(throws: ExchangeError.self) { try await binance.cancelOrder(id: "1", symbol: nil) }
            #expect(try await binance.openOrders(symbol: "BTCUSDT").map(\.orderID) == ["1917641"])
            #expect(try await binance.cancelAllOrders(symbol: "BTCUSDT") == ["1917641"])
            #expect(try await binance.setLeverage(21, symbol: "BTCUSDT") == 21)

            let signedPaths = ["/fapi/v2/balance", "/fapi/v2/positionRisk", "/fapi/v2/account", "/fapi/v1/order", "/fapi/v1/openOrders",
                               "/fapi/v1/allOpenOrders", "/fapi/v1/leverage"]
            let signed = server.requests.filter { signedPaths.contains($0.path) }
            #expect(signed.count == 11 && signed.allSatisfy(BN.isSigned))

            // USER_STREAM: the key header, no timestamp and no signature.
            #expect(try await binance.listenKey.create() == "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1")
            let keyRequest = try #require(server.requests(path: "/fapi/v1/listenKey").first)
            #expect(keyRequest.header("X-MBX-APIKEY") == BN.key && (keyRequest.query ?? "").isEmpty)
        }
    }

    @Test("stop and take-profit orders go to the algo-order endpoint")
    func conditionalOrder() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(#"{"algoId":2146760,"clientAlgoId":"stop-1","algoType":"CONDITIONAL"}"#), method: "POST", path: "/fapi/v1/algoOrder")
            let binance = try BN.client(server)
            let order = OrderRequest(symbol: "BTCUSDT", side: .sell, type: .market, size: dec("0.01"), reduceOnly: true, clientOrderID: "stop-1",
                                     stop: .down, stopPriceType: .mark, stopPrice: 58000)
            #expect(try await binance.placeOrder(order, validateOnly: false) == OrderAck(orderID: "2146760", clientOrderID: "stop-1"))
            let sent = try #require(server.requests(path: "/fapi/v1/algoOrder").first)
            #expect(sent.queryValue("algoType") == "CONDITIONAL" && sent.queryValue("type") == "STOP_MARKET")
            #expect(sent.queryValue("triggerPrice") == "58000" && sent.queryValue("workingType") == "MARK_PRICE" && sent.queryValue("reduceOnly") == "true")
            #expect(BN.isSigned(sent) && server.requests(path: "/fapi/v1/order").isEmpty)
        }
    }

    @Test("errors: the {code,msg} envelope, -1021 re-estimates the clock and retries, 429 honours Retry-After, weights feed the ledger")
    func errors() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try BN.fixture("rest/error.json"), status: 400), method: "GET", path: "/fapi/v1/ticker/bookTicker")
            let binance = try BN.client(server)
            do {
                _ = try await binance.ticker(symbol: "NOPE")
                Issue.record("no error")
            } catch let error as ExchangeError {
                #expect(error.code == .invalidRequest && error.venueCode == "-1121" && error.venueMessage == "Invalid symbol." && error.httpStatus == 400)
            }

            server.enqueue(.json(#"{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}"#, status: 400),
                           method: "GET", path: "/fapi/v2/balance")
            server.setFallback(.json(try BN.fixture("rest/balance.v2.json")), method: "GET", path: "/fapi/v2/balance")
            server.setFallback(.json(#"{"serverTime":\#(Timestamp.now().milliseconds)}"#), method: "GET", path: "/fapi/v1/time")
            #expect(try await binance.balance(currency: "USDT").available == dec("23.72469206"))
            #expect(server.requests(path: "/fapi/v1/time").count == 1 && server.requests(path: "/fapi/v2/balance").count == 2)

            server.enqueue(ScriptedResponse(status: 429, headers: [("Retry-After", "1")], body: Array(#"{"code":-1003,"msg":"Too many requests."}"#.utf8)),
                           method: "GET", path: "/fapi/v1/premiumIndex")
            server.setFallback(ScriptedResponse(status: 200, headers: [("X-MBX-USED-WEIGHT-1M", "2300"), ("Content-Type", "application/json")],
                                                body: Array(try BN.fixture("rest/premiumIndex.json").utf8)), method: "GET", path: "/fapi/v1/premiumIndex")
            let started = ContinuousClock.now
            #expect(try await binance.markPrice(symbol: "BTCUSDT").value == dec("11793.63104562"))
            #expect(ContinuousClock.now - started >= .milliseconds(900))
            #expect(server.requests(path: "/fapi/v1/premiumIndex").count == 2)
            #expect((binance.rest.remainingWeight(in: BinancePool.weight) ?? .max) <= 100)
        }
    }
}
