import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinSpot
import Testing

@Suite("KuCoin Spot market data over REST against a scripted server, with the reference samples")
struct SpotMarketRESTTests {
    @Test("time, symbols, tickers, stats, books, trades and candles decode to the samples' values; public calls are unsigned")
    func marketData() async throws {
        try await withScriptedHTTPServer { server in
            for (path, name) in [("/api/v1/timestamp", "timestamp"), ("/api/v2/symbols", "symbols-v2"), ("/api/v2/symbols/BTC-USDT", "symbol-v2"),
                                 ("/api/v1/market/orderbook/level1", "ticker-level1"), ("/api/v1/market/allTickers", "all-tickers"),
                                 ("/api/v1/market/stats", "stats"), ("/api/v1/market/orderbook/level2_20", "level2-20"),
                                 ("/api/v1/market/histories", "trade-histories"), ("/api/v1/market/candles", "candles")] {
                server.setFallback(.json(try SpotTest.rest(name)), method: "GET", path: path)
            }
            let spot = try SpotTest.spot(server, credentials: nil)
            #expect(try await spot.serverTime() == Timestamp(milliseconds: 1_729_100_692_873))

            let symbol = try await spot.symbol("BTC-USDT")
            #expect(symbol == SpotSymbol(symbol: "BTC-USDT", baseCurrency: "BTC", quoteCurrency: "USDT", feeCurrency: "USDT", market: "USDS",
                                         baseMinSize: exact("0.00001"), quoteMinSize: exact("0.1"), baseMaxSize: 10_000_000_000,
                                         quoteMaxSize: 99_999_999, baseIncrement: exact("0.00000001"), quoteIncrement: exact("0.000001"),
                                         priceIncrement: exact("0.1"), minFunds: exact("0.1"), isMarginEnabled: true, enableTrading: true))
            let instrument = try await spot.instrument(symbol: "BTC-USDT")
            #expect(instrument == Instrument(symbol: "BTC-USDT", kind: .spot, base: "BTC", quote: "USDT", settle: "USDT", tickSize: exact("0.1"),
                                             lotSize: exact("0.00000001"), minSize: exact("0.00001"), maxSize: 10_000_000_000,
                                             minNotional: exact("0.1"), isTrading: true))
            #expect(try await spot.instruments() == [instrument])
            #expect(try await spot.symbols(market: "USDS") == [symbol])

            let ticker = try await spot.ticker(symbol: "BTC-USDT")
            #expect(ticker == Ticker(symbol: "BTC-USDT", bid: exact("67267.5"), bidSize: exact("0.000025"), ask: exact("67267.6"),
                                     askSize: exact("1.24808993"), last: 67269, lastSize: exact("0.000025"), sequence: 14_609_309_753,
                                     timestamp: Timestamp(milliseconds: 1_729_172_965_609)))

            let all = try await spot.tickers()
            #expect(all == [SpotMarketStats(symbol: "BTC-USDT", buy: exact("67192.5"), sell: exact("67192.6"), bestBidSize: exact("0.000025"),
                                            bestAskSize: exact("1.24949204"), changeRate: exact("-0.0014"), changePrice: exact("-98.5"),
                                            high: exact("68321.4"), low: exact("66683.3"), volume: exact("1836.03034612"),
                                            volumeValue: exact("124068431.06726933"), last: 67193, averagePrice: exact("67281.21437289"),
                                            takerFeeRate: exact("0.001"), makerFeeRate: exact("0.001"), timestamp: Timestamp(milliseconds: 1_729_173_207_043))])
            let stats = try await spot.stats(symbol: "BTC-USDT")
            #expect(stats == SpotMarketStats(symbol: "BTC-USDT", buy: exact("66982.4"), sell: exact("66982.5"), changeRate: exact("-0.0114"),
                                             changePrice: exact("-778.1"), high: exact("68107.7"), low: exact("66683.3"), volume: exact("1738.02898182"),
                                             volumeValue: exact("117321982.415978333"), last: exact("66981.5"), averagePrice: exact("67281.21437289"),
                                             takerFeeRate: exact("0.001"), makerFeeRate: exact("0.001"), timestamp: Timestamp(milliseconds: 1_729_175_612_158)))

            let book = try await spot.orderBook(symbol: "BTC-USDT", depth: 20)
            #expect(book == OrderBookSnapshot(symbol: "BTC-USDT", sequence: 14_610_502_970,
                                              bids: [level("66976.4", "0.69109872"), level("66976.3", "0.14377")],
                                              asks: [level("66976.5", "0.05408199"), level("66976.8", "0.0005")],
                                              timestamp: Timestamp(milliseconds: 1_729_176_273_859)))
            await #expect { try await spot.orderBook(symbol: "BTC-USDT", depth: 50) } throws: { ($0 as? ExchangeError)?.code == .invalidRequest }

            let trades = try await spot.recentTrades(symbol: "BTC-USDT")
            #expect(trades.map(\.tradeID) == ["10976028003549185", "10976028003549188", "10976028003549191"])
            #expect(trades[2] == Trade(symbol: "BTC-USDT", price: exact("67122.9"), size: exact("0.05654289"), side: .buy, tradeID: "10976028003549191",
                                       sequence: 10_976_028_003_549_191, timestamp: Timestamp(nanoseconds: 1_729_177_117_877_000_000)))

            // Rows come newest first with close before high and low; the result is oldest first.
            let candles = try await spot.candles(symbol: "BTC-USDT", interval: .seconds(60), from: Timestamp(seconds: 1_566_789_600),
                                                 to: Timestamp(seconds: 1_566_789_780))
            #expect(candles.map(\.start) == [1_566_789_600, 1_566_789_660, 1_566_789_720].map { Timestamp(seconds: $0) })
            #expect(candles[2] == Candle(symbol: "BTC-USDT", interval: .seconds(60), start: Timestamp(seconds: 1_566_789_720), open: exact("10411.5"),
                                         high: exact("10411.5"), low: exact("10396.3"), close: exact("10401.9"), volume: exact("29.11357276"),
                                         quoteVolume: exact("302889.301529914")))
            #expect(server.requests(path: "/api/v1/market/candles").first?.query == "symbol=BTC-USDT&type=1min&startAt=1566789600&endAt=1566789780")
            await #expect { try await spot.candles(symbol: "BTC-USDT", interval: .seconds(120), from: Timestamp(seconds: 0), to: Timestamp(seconds: 1)) }
                throws: { ($0 as? ExchangeError)?.code == .invalidRequest }

            #expect(server.requests.filter { $0.header("KC-API-KEY") != nil || $0.header("KC-API-SIGN") != nil }.map(\.path) == [])
            #expect(server.requests(path: "/api/v1/market/orderbook/level1").first?.query == "symbol=BTC-USDT")
        }
    }

    @Test("the full book (v3) is signed, from the Spot pool")
    func fullBook() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("level2-full-v3")), method: "GET", path: "/api/v3/market/orderbook/level2")
            let spot = try SpotTest.spot(server)
            let book = try await spot.orderBook(symbol: "BTC-USDT", depth: nil)
            #expect(book.sequence == 14_610_502_970 && book.bids.first == level("66976.4", "0.69109872") && book.asks.last == level("66976.8", "0.0005"))
            let request = try #require(server.requests.first)
            #expect(SpotTest.isSigned(request) && request.uri == "/api/v3/market/orderbook/level2?symbol=BTC-USDT")
            #expect(spot.rest.remainingWeight(in: "Spot") == 4000 - 3)
        }
    }

    @Test("paginated candles walk the range in windows of at most 1500 bars, oldest first, without duplicates")
    func candlePages() async throws {
        try await withScriptedHTTPServer { server in
            server.route("GET", "/api/v1/market/candles") { request in
                let start = Int64(request.queryValue("startAt") ?? "") ?? 0
                let end = Int64(request.queryValue("endAt") ?? "") ?? 0
                // One-minute bars, newest first, including the end bar as KuCoin does.
                let rows = stride(from: end, through: start, by: -60).map { #"["\#($0)","1","2","3","0.5","10","20"]"# }
                return .json(#"{"code":"200000","data":[\#(rows.joined(separator: ","))]}"#)
            }
            let spot = try SpotTest.spot(server, credentials: nil)
            let start = Timestamp(seconds: 1_700_000_000)
            let candles = try await spot.candles(symbol: "BTC-USDT", interval: .seconds(60), over: start..<start.advanced(by: .seconds(60 * 3500)))
            #expect(candles.count == 3500 && candles.first?.start == start && candles.last?.start == start.advanced(by: .seconds(60 * 3499)))
            #expect(zip(candles, candles.dropFirst()).allSatisfy { $1.start.duration(since: $0.start) == .seconds(60) })
            #expect(server.requests(path: "/api/v1/market/candles").count == 3)
        }
    }

    @Test("an error envelope under HTTP 200 is an ExchangeError with KuCoin's code")
    func errorEnvelope() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("error")), method: "GET", path: "/api/v1/market/stats")
            let spot = try SpotTest.spot(server, credentials: nil)
            await #expect { try await spot.stats(symbol: "NOPE-USDT") } throws: { error in
                guard let error = error as? ExchangeError else { return false }
                return error.code == .invalidRequest && error.venueCode == "400100" && error.venueMessage == "Invalid Parameter."
            }
        }
    }
}
