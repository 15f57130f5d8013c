import AsyncHTTPClient
import Crypto
import ExchangeKit
import Foundation
import KuCoinSpot
@testable import Simulator
import Testing

/// A KuCoin Spot client of the simulator, with the simulator's demo credentials unless told otherwise.
func spot(_ url: String, credentials: Credentials? = demoCredentials) throws -> KuCoinSpot {
    try KuCoinSpot(config: VenueConfig(id: "kucoin-spot-sim", plugin: "KuCoinSpot", environment: .sim, restURL: url,
                                       credentials: credentials, requestTimeout: .seconds(5), retryAttempts: 2, options: ["key_version": "2"]))
}

/// Reads a stream until every subscription is acknowledged.
func awaitSubscribed(_ iterator: inout RunningFeed.AsyncIterator, count: Int) async throws {
    var subscribed = 0
    while subscribed < count, let event = try await iterator.next() {
        if case .subscribed = event.payload { subscribed += 1 }
    }
}

@Suite("Simulator: KuCoin Spot market data through the KuCoin Spot plugin", .timeLimit(.minutes(1)))
struct SimulatorSpotMarketTests {
    @Test("symbols, ticker, books, trades, candles, stats and server time read back; an unknown pair is refused")
    func marketData() async throws {
        try await withSimulator { _, url in
            let client = try spot(url)
            let venue: any MarketDataVenue = client
            let instruments = try await venue.instruments()
            #expect(instruments.map(\.symbol) == ["BTC-USDT", "ETH-USDT"])
            let btc = try await venue.instrument(symbol: "BTC-USDT")
            #expect(btc.kind == .spot && btc.base == "BTC" && btc.quote == "USDT" && btc.tickSize == Decimal(string: "0.1")!
                    && btc.lotSize == Decimal(string: "0.0001")!)
            let time = try await venue.serverTime()
            #expect(abs(time.milliseconds - Timestamp.now().milliseconds) < 5_000)
            let ticker = try await venue.ticker(symbol: "BTC-USDT")
            #expect(ticker.bid < ticker.ask && ticker.bid > 80_000 && ticker.ask < 100_000)
            let top = try await venue.orderBook(symbol: "ETH-USDT", depth: 20)
            #expect(top.bids.count == 20 && top.asks.count == 20 && top.bids[0].price < top.asks[0].price)
            let full = try await venue.orderBook(symbol: "BTC-USDT", depth: nil)
            #expect(full.bids.count >= 5 && full.asks.count >= 5 && full.bids[0].price < full.asks[0].price)
            #expect(full.bids.map(\.price) == full.bids.map(\.price).sorted(by: >) && full.asks.map(\.price) == full.asks.map(\.price).sorted())
            #expect(full.bids.allSatisfy { ($0.size / btc.lotSize).isWholeNumber }, "sizes are whole base increments")

            // Trades and candles need the market to have moved a little.
            var trades: [Trade] = []
            for _ in 0..<200 where trades.count < 5 {
                try await Task.sleep(for: .milliseconds(20))
                trades = try await venue.recentTrades(symbol: "BTC-USDT")
            }
            #expect(trades.count >= 5 && trades.count <= 100)
            #expect(trades.map { $0.sequence ?? 0 } == trades.map { $0.sequence ?? 0 }.sorted() && trades.allSatisfy { $0.size > 0 })
            let now = Timestamp.now()
            let candles = try await venue.candles(symbol: "BTC-USDT", interval: .seconds(60), from: now.advanced(by: .seconds(-600)),
                                                  to: now.advanced(by: .seconds(60)))
            #expect(!candles.isEmpty && candles.allSatisfy { $0.low <= $0.open && $0.open <= $0.high && $0.low <= $0.close && $0.close <= $0.high })
            #expect(candles.allSatisfy { ($0.quoteVolume ?? 0) > $0.volume * $0.low - 1 }, "turnover ≈ volume × price")
            let stats = try await client.stats(symbol: "BTC-USDT")
            #expect(stats.last != nil && (stats.volume ?? 0) > 0 && (stats.high ?? 0) >= (stats.low ?? 1))
            #expect(try await client.tickers().map(\.symbol) == ["BTC-USDT", "ETH-USDT"])

            let unknown = await #expect(throws: ExchangeError.self) { try await venue.ticker(symbol: "NOPE-USDT") }
            #expect(unknown?.venueCode == "400100")
            let futuresSymbol = await #expect(throws: ExchangeError.self) { try await venue.ticker(symbol: "XBTUSDTM") }
            #expect(futuresSymbol?.venueCode == "400100", "a contract is not a spot pair")
        }
    }

    @Test("trades, tickers and a level2 book kept in sync by ranged deltas: no gap, never crossed, several changes per message")
    func stream() async throws {
        let events = try await withSimulator { _, url in
            try await collect(from: try spot(url).stream([.trades("BTC-USDT"), .ticker("BTC-USDT"), .book("BTC-USDT")]))
        }
        let (snapshots, steps) = try replayBook(events, subscriptions: 3)
        #expect(steps.allSatisfy { $0 > 0 }, "each delta ends later than the last")
        for event in events {
            switch event.payload {
            case .trade(let trade):
                #expect(trade.symbol == "BTC-USDT" && trade.size > 0 && trade.price > 80_000 && trade.price < 100_000)
                #expect((trade.size / Decimal(string: "0.0001")!).isWholeNumber)
            case .ticker(let ticker):
                #expect(ticker.bid < ticker.ask && ticker.sequence != nil)
            default:
                continue
            }
        }
        #expect(snapshots == 1)
        #expect(steps.contains { $0 > 1 }, "KuCoin Spot batches a range of changes per message")
    }

    @Test("on a quiet market the book the stream keeps equals the REST snapshot, level for level, after a trade moves it")
    func bookMatchesSnapshot() async throws {
        try await withSimulator({ $0.tickInterval = .seconds(3_600) }) { _, url in
            let client = try spot(url)
            let stream = client.stream([.book("BTC-USDT"), .trades("BTC-USDT")])
            var iterator = stream.makeAsyncIterator()
            var book: OrderBook?
            while book == nil, let event = try await iterator.next() {
                if case .book(let update) = event.payload, update.action == .snapshot {
                    book = try OrderBook(snapshot: OrderBookSnapshot(symbol: update.symbol, sequence: update.sequence, bids: update.bids, asks: update.asks))
                }
            }
            let before = try #require(book)
            let bestAsk = try #require(before.bestAsk)
            // A buy larger than the best ask: it takes that level and part of the next.
            let size = bestAsk.size + Decimal(string: "0.0001")!
            _ = try await client.placeOrder(.market(.buy, "BTC-USDT", size: ExactDecimal(size)))
            let rest = try await client.orderBook(symbol: "BTC-USDT")
            #expect(rest.sequence > before.sequence)
            var local = before
            var traded = Decimal(0)
            while local.sequence < rest.sequence || traded < size, let event = try await iterator.next() {
                switch event.payload {
                case .book(let update) where update.action == .delta: try local.apply(update)
                case .trade(let trade): traded += trade.size
                case .gap, .resynced: Issue.record("the book lost sync: \(event.payload.kind)")
                default: break
                }
            }
            #expect(local.sequence == rest.sequence)
            #expect(local.bids() == rest.bids && local.asks() == rest.asks, "the stream's book and the REST snapshot agree exactly")
            #expect(local.size(.ask, at: bestAsk.price) == nil, "the best ask was taken")
            #expect(traded == size, "the public trades add up to the order")
        }
    }

    @Test("the faults reach spot connections: a skipped level2 message is a gap and a resync, a dropped connection reconnects and resyncs")
    func faults() async throws {
        let subscriptions: [Subscription] = [.trades("BTC-USDT"), .book("BTC-USDT")]
        let open: @Sendable (String, [Subscription], FeedConfiguration) throws -> RunningFeed = { try spot($0).stream($1, configuration: $2) }
        let skipped = try await withSimulator({ $0.faults = try! SimulatorFaults(parsing: "skip-every=7") }) { _, url in
            try await SimulatorFaultTests.run(url, subscriptions, open: open) { events in
                events.contains { $0.payload.kind == "resynced" } && events.last?.payload.kind == "book"
            }
        }
        let gap = try #require(skipped.first { $0.payload.kind == "gap" })
        guard case .gap(let expected, let received) = gap.payload else { return }
        #expect(received > expected, "a message's range starts past the book's next sequence")
        _ = try replayBook(Array(skipped.prefix { $0.payload.kind != "gap" }), subscriptions: 2)

        let dropped = try await withSimulator({ $0.faults = try! SimulatorFaults(parsing: "drop-every=40") }) { _, url in
            try await SimulatorFaultTests.run(url, subscriptions, open: open) { events in events.contains { $0.epoch == 2 && $0.payload.kind == "book" } }
        }
        let kinds = dropped.map(\.payload.kind)
        #expect(kinds.contains("disconnected") && kinds.contains("reconnected"))
        let snapshots = dropped.filter { if case .book(let update) = $0.payload { update.action == .snapshot } else { false } }
        #expect(Set(snapshots.map(\.epoch)).count == 2, "a fresh snapshot after the reconnect")
    }

    @Test("top-5 and top-50 spot depth topics arrive as snapshots of that depth")
    func depth() async throws {
        try await withSimulator { _, url in
            var depths: Set<Int> = []
            for try await event in try spot(url).stream([.book("ETH-USDT", depth: 5), .book("ETH-USDT", depth: 50)]) {
                if case .book(let update) = event.payload {
                    let depth = update.depth ?? 0
                    #expect(update.action == .snapshot && (5...depth).contains(update.bids.count) && (5...depth).contains(update.asks.count))
                    #expect(update.bids[0].price < update.asks[0].price)
                    depths.insert(depth)
                }
                if depths.count == 2 { break }
            }
            #expect(depths == [5, 50])
        }
    }
}

@Suite("Simulator: KuCoin Spot trading through the KuCoin Spot plugin", .timeLimit(.minutes(1)))
struct SimulatorSpotTradingTests {
    static let feeRate = Decimal(string: "0.001")!

    @Test("a market buy fills as taker; REST order, fills, balances, order events and balance events agree to the last decimal")
    func marketOrder() async throws {
        try await withSimulator { _, url in
            let client = try spot(url)
            let venue: any TradingVenue = client
            var iterator = client.stream([.orders(), .balance()]).makeAsyncIterator()
            try await awaitSubscribed(&iterator, count: 2)

            let ack = try await venue.placeOrder(.market(.buy, "BTC-USDT", size: "0.0123", clientOrderID: "spot-mkt-1"), validateOnly: false)
            #expect(ack.clientOrderID == "spot-mkt-1")
            let order = try await venue.order(id: ack.orderID, symbol: "BTC-USDT")
            #expect(order.status == .filled && order.filledSize == Decimal(string: "0.0123")! && order.type == .market)
            let fills = try await client.fills(symbol: "BTC-USDT", orderID: ack.orderID)
            #expect(fills.map(\.size).reduce(0, +) == Decimal(string: "0.0123")!)
            #expect(fills.allSatisfy { $0.liquidity == .taker && $0.side == .buy && $0.feeCurrency == "USDT" && $0.fee == $0.price * $0.size * Self.feeRate })
            let value = fills.reduce(Decimal(0)) { $0 + $1.price * $1.size }
            let fees = fills.reduce(Decimal(0)) { $0 + $1.fee }
            #expect(order.averageFillPrice == value / Decimal(string: "0.0123")!)

            let usdt = try await venue.balance(currency: "USDT")
            let btc = try await venue.balance(currency: "BTC")
            #expect(usdt.total == 10_000 - value - fees && usdt.available == usdt.total && usdt.hold == 0, "quote pays value + fee, exactly")
            #expect(btc.total == Decimal(string: "1.0123")!, "base grows by the size, exactly")

            var filled: OrderUpdate?
            var matched = Decimal(0)
            var balances: [String: Balance] = [:]
            while filled == nil || balances.count < 2, let event = try await iterator.next() {
                switch event.payload {
                case .order(let update) where update.order.orderID == ack.orderID:
                    matched += update.fillSize ?? 0
                    if update.order.status == .filled && update.fillSize == nil { filled = update }
                case .balance(let balance): balances[balance.currency] = balance
                default: break
                }
            }
            #expect(filled?.order.filledSize == Decimal(string: "0.0123")! && filled?.order.clientOrderID == "spot-mkt-1")
            #expect(matched == Decimal(string: "0.0123")!, "the match events add up to the order")
            #expect(balances["USDT"]?.total == usdt.total && balances["USDT"]?.available == usdt.available, "the balance event and REST agree")
            #expect(balances["BTC"]?.total == btc.total && balances["BTC"]?.available == btc.available)
        }
    }

    @Test("a limit order far from the market rests and holds value + fee; it cancels by client order id and the hold returns")
    func restingLimit() async throws {
        try await withSimulator { _, url in
            let client = try spot(url)
            var iterator = client.stream([.orders(), .balance()]).makeAsyncIterator()
            try await awaitSubscribed(&iterator, count: 2)
            let ack = try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "0.02", price: "50000", clientOrderID: "spot-rest-1"))
            let open = try await client.openOrders(symbol: "BTC-USDT")
            #expect(open.map(\.orderID) == [ack.orderID] && open[0].status == .open && open[0].price == 50_000 && open[0].size == Decimal(string: "0.02")!)
            #expect(try await client.order(clientOrderID: "spot-rest-1", symbol: "BTC-USDT").orderID == ack.orderID)
            let held = try await client.balance(currency: "USDT")
            #expect(held.hold == 1001 && held.available == 10_000 - 1001 && held.total == 10_000, "50000 × 0.02 × 1.001 is held")

            #expect(try await client.cancelOrder(clientOrderID: "spot-rest-1", symbol: "BTC-USDT") == ["spot-rest-1"])
            #expect(try await client.order(id: ack.orderID, symbol: "BTC-USDT").status == .canceled)
            #expect(try await client.openOrders(symbol: "BTC-USDT").isEmpty)
            let released = try await client.balance(currency: "USDT")
            #expect(released.available == 10_000 && released.hold == 0)
            let again = await #expect(throws: ExchangeError.self) { try await client.cancelOrder(id: ack.orderID, symbol: "BTC-USDT") }
            #expect(again?.venueCode == "400100")

            var statuses: [Order.Status] = []
            var holds: [Decimal?] = []
            while statuses.last != .canceled || holds.count < 2, let event = try await iterator.next() {
                switch event.payload {
                case .order(let update) where update.order.orderID == ack.orderID: statuses.append(update.order.status)
                case .balance(let balance) where balance.currency == "USDT": holds.append(balance.hold)
                default: break
                }
            }
            #expect(statuses.first == .open && statuses.last == .canceled)
            #expect(holds == [1001, 0], "one event when the funds were held, one when released")
        }
    }

    @Test("a sell sized by funds, IOC, FOK and post-only behave as KuCoin's HF orders do; cancel all by symbol")
    func orderTypes() async throws {
        try await withSimulator({ $0.tickInterval = .seconds(3_600) }) { _, url in
            let client = try spot(url)
            let book = try await client.orderBook(symbol: "ETH-USDT", depth: 20)
            let bid = book.bids[0].price
            let ask = book.asks[0].price

            let byFunds = try await client.placeOrder(.market(.sell, "ETH-USDT", funds: "100"))
            let sold = try await client.order(id: byFunds.orderID, symbol: "ETH-USDT")
            let proceeds = try await client.fills(symbol: "ETH-USDT", orderID: byFunds.orderID).reduce(Decimal(0)) { $0 + $1.price * $1.size }
            #expect(sold.status == .filled)
            #expect(sold.filledSize > 0 && proceeds <= 100 && proceeds > 100 - bid * Decimal(string: "0.001")!,
                    "as many whole increments as 100 USDT of funds pays for")

            let postOnly = try await client.placeOrder(.limit(.buy, "ETH-USDT", size: "0.01", price: ExactDecimal(ask), postOnly: true))
            let cancelled = try await client.order(id: postOnly.orderID, symbol: "ETH-USDT")
            #expect(cancelled.status == .canceled && cancelled.filledSize == 0, "a post-only order that would take is cancelled")

            // More than the best ask offers at its price: nothing fills.
            let fok = try await client.placeOrder(.limit(.buy, "ETH-USDT", size: ExactDecimal(book.asks[0].size + Decimal(string: "0.001")!), price: ExactDecimal(ask),
                                                         timeInForce: .fillOrKill))
            #expect(try await client.order(id: fok.orderID, symbol: "ETH-USDT").filledSize == 0, "FOK fills all or nothing")

            let ioc = try await client.placeOrder(.limit(.buy, "ETH-USDT", size: "0.5", price: ExactDecimal(ask), timeInForce: .immediateOrCancel))
            let partial = try await client.order(id: ioc.orderID, symbol: "ETH-USDT")
            #expect(partial.filledSize == min(book.asks[0].size, Decimal(string: "0.5")!) && partial.status != .open, "IOC takes the touch, cancels the rest")

            for price in ["1000", "1001"] {
                _ = try await client.placeOrder(.limit(.buy, "ETH-USDT", size: "0.01", price: ExactDecimal(stringLiteral: price)))
            }
            _ = try await client.placeOrder(.limit(.sell, "ETH-USDT", size: "0.01", price: ExactDecimal(bid * 2)))
            #expect(try await client.openOrders(symbol: "ETH-USDT").count == 3)
            _ = try await client.cancelAllOrders(symbol: "ETH-USDT")
            #expect(try await client.openOrders(symbol: "ETH-USDT").isEmpty)
            #expect(try await client.balance(currency: "ETH").hold == 0)
            #expect(try await client.balance(currency: "USDT").hold == 0)
        }
    }

    @Test("a resting buy at the bid is filled by the market's own sellers, as maker, at its price")
    func makerFill() async throws {
        try await withSimulator { _, url in
            let (fill, price) = try await fillAsMaker(try spot(url), "BTC-USDT") { .limit(.buy, "BTC-USDT", size: "0.0001", price: ExactDecimal($0)) }
            #expect(fill.price == price && fill.fee == price * Decimal(string: "0.0001")! * Decimal(string: "0.001")!)
        }
    }

    @Test("KuCoin Spot's refusals: duplicate client order id, insufficient balance, off-increment size and price; validateOnly places nothing")
    func refusals() async throws {
        try await withSimulator { _, url in
            let client = try spot(url)
            _ = try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "0.001", price: "50000", clientOrderID: "dup"))
            let duplicate = await #expect(throws: ExchangeError.self) {
                try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "0.001", price: "50000", clientOrderID: "dup"))
            }
            #expect(duplicate?.venueCode == "400100" && duplicate?.venueMessage == "validation.createOrder.clientOidDuplicated")
            let broke = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.market(.sell, "BTC-USDT", size: "2")) }
            #expect(broke?.venueCode == "200004", "1 BTC cannot sell 2")
            let rich = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "1", price: "50000")) }
            #expect(rich?.venueCode == "200004", "50,050 USDT is more than the 9,949.95 available")
            let increment = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "0.00001", price: "50000")) }
            #expect(increment?.venueCode == "400100")
            let grid = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "0.001", price: "50000.05")) }
            #expect(grid?.venueCode == "400100")
            _ = try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "0.001", price: "50000", clientOrderID: "test-only"), validateOnly: true)
            #expect(try await client.openOrders(symbol: "BTC-USDT").count == 1, "nothing refused or validated was placed")
            _ = try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "0.001", price: "50000", clientOrderID: "test-only"))
            #expect(try await client.openOrders(symbol: "BTC-USDT").count == 2, "a validated client order id is still free")
        }
    }

    @Test("bad input is an answer, never a crash: absurd times, missing symbols, unknown candle types, huge sizes")
    func badInput() async throws {
        try await withSimulator { _, url in
            for (path, code) in [
                ("/api/v1/market/candles?symbol=BTC-USDT&type=1min&startAt=-9223372036854775808&endAt=9223372036854775807", "200000"),
                ("/api/v1/market/candles?symbol=BTC-USDT&type=1fortnight", "400100"),
                ("/api/v1/market/orderbook/level1", "400100"),
                ("/api/v1/market/histories?symbol=%00", "400100"),
            ] {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + path), timeout: .seconds(5))
                let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
                #expect(body.contains(#""code":"\#(code)""#), "\(path): \(body)")
            }
            let client = try spot(url)
            let huge = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.limit(.buy, "BTC-USDT", size: "1e30", price: "1")) }
            #expect(huge?.venueCode == "400100")
            let funds = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.market(.buy, "BTC-USDT", funds: "0.0000001")) }
            #expect(funds?.venueCode == "400100", "funds finer than the quote increment")
            #expect(try await client.serverTime().milliseconds > 0, "and the simulator still answers")
        }
    }

    @Test("a wrong signature is refused with 400005, a wrong secret with 400004; the futures account is apart from the spot one")
    func authentication() async throws {
        try await withSimulator { _, url in
            let wrongSecret = Credentials(key: demoCredentials.key, secret: "not-the-secret", passphrase: "sim-demo-passphrase")
            let passphrase = await #expect(throws: ExchangeError.self) { try await spot(url, credentials: wrongSecret).balance(currency: "USDT") }
            #expect(passphrase?.venueCode == "400004" && passphrase?.code == .authentication)

            // The right key and passphrase, a signature over another request.
            let secret = SymmetricKey(data: Array("sim-demo-secret".utf8))
            func sign(_ text: String) -> String { Data(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: secret)).base64EncodedString() }
            let timestamp = String(Timestamp.now().milliseconds)
            var request = HTTPClientRequest(url: url + "/api/v1/accounts?currency=BTC")
            request.headers.add(name: "KC-API-KEY", value: "sim-demo-key")
            request.headers.add(name: "KC-API-PASSPHRASE", value: sign("sim-demo-passphrase"))
            request.headers.add(name: "KC-API-KEY-VERSION", value: "2")
            request.headers.add(name: "KC-API-TIMESTAMP", value: timestamp)
            request.headers.add(name: "KC-API-SIGN", value: sign(timestamp + "GET/api/v1/accounts?currency=USDT"))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
            #expect(response.status.code == 401 && body.contains(#""code":"400005""#), "\(body)")
            let refused = await #expect(throws: ExchangeError.self) {
                try await spot(url, credentials: Credentials(key: "someone-else", secret: "sim-demo-secret", passphrase: "sim-demo-passphrase"))
                    .placeOrder(.market(.buy, "BTC-USDT", size: "0.001"))
            }
            #expect(refused?.venueCode == "400003")

            _ = try await spot(url).placeOrder(.market(.buy, "BTC-USDT", size: "0.001"))
            #expect(try await futures(url).balance(currency: "USDT").available == 10_000, "spot trades leave the futures wallet alone")
            #expect(try await spot(url).balance(currency: "USDT").total! < 10_000)
        }
    }
}
