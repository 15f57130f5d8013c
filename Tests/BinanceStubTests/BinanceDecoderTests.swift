@testable import BinanceStub
import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

@Suite("Binance stream samples decode to the values in them")
struct BinanceDecoderTests {
    func sample(_ name: String) throws -> [StreamMessage] { decodeFrame(try BN.fixture("ws/\(name).json")) }

    @Test("aggTrade, raw and in the combined-stream envelope → a trade (buyer is maker: the taker sold)")
    func aggTrade() throws {
        let expected = Trade(symbol: "BTCUSDT", price: dec("0.001"), size: 100, side: .sell, tradeID: "5933014", sequence: 5_933_014,
                             timestamp: Timestamp(milliseconds: 123_456_785))
        for name in ["aggTrade", "combined.aggTrade"] {
            let messages = try sample(name)
            #expect(messages.count == 1)
            guard case .event(let symbol, let time, .trade(let trade)) = messages.first else { Issue.record("\(name): \(messages)"); continue }
            #expect(symbol == "BTCUSDT" && time == Timestamp(milliseconds: 123_456_785) && trade == expected)
        }
    }

    @Test("bookTicker → a ticker with update id 400900217")
    func bookTicker() throws {
        #expect(payloads(try sample("bookTicker")).map(\.kind) == ["ticker"])
        guard case .ticker(let ticker) = payloads(try sample("bookTicker")).first else { return }
        #expect(ticker == Ticker(symbol: "BNBUSDT", bid: dec("25.35190000"), bidSize: dec("31.21000000"), ask: dec("25.36520000"),
                                 askSize: dec("40.66000000"), sequence: 400_900_217, timestamp: Timestamp(milliseconds: 1_568_014_460_891)))
    }

    @Test("markPriceUpdate (single and !markPrice@arr) → mark price and funding rate")
    func markPrice() throws {
        let single = payloads(try sample("markPrice"))
        #expect(single.count == 2)
        if case .markPrice(let mark) = single.first {
            #expect(mark == MarkPrice(symbol: "BTCUSDT", value: dec("11794.15000000"), indexPrice: dec("11784.62659091"),
                                      timestamp: Timestamp(milliseconds: 1_562_305_380_000)))
        } else { Issue.record("no mark price: \(single)") }
        if case .fundingRate(let funding) = single.last {
            #expect(funding == FundingRate(symbol: "BTCUSDT", rate: dec("0.00038167"), timestamp: Timestamp(milliseconds: 1_562_305_380_000),
                                           nextFundingTime: Timestamp(milliseconds: 1_562_306_400_000)))
        } else { Issue.record("no funding rate: \(single)") }
        let array = payloads(try sample("markPrice.arr"))
        #expect(array.map(\.kind) == ["mark_price", "funding_rate"])
        if case .markPrice(let mark) = array.first { #expect(mark.value == dec("11185.87786614")) }
        if case .fundingRate(let funding) = array.last { #expect(funding.rate == dec("0.00030000")) }
    }

    @Test("kline → a 1-minute candle")
    func kline() throws {
        guard case .candle(let candle) = payloads(try sample("kline")).first else { Issue.record("no candle"); return }
        #expect(candle == Candle(symbol: "BTCUSDT", interval: .seconds(60), start: Timestamp(milliseconds: 1_638_747_660_000), open: dec("0.0010"),
                                 high: dec("0.0025"), low: dec("0.0015"), close: dec("0.0020"), volume: 1000, quoteVolume: dec("1.0000")))
    }

    @Test("24hrTicker and 24hrMiniTicker → a 24-hour candle")
    func dayTickers() throws {
        guard case .candle(let full) = payloads(try sample("ticker")).first else { Issue.record("no candle"); return }
        #expect(full == Candle(symbol: "BTCUSDT", interval: .seconds(86_400), start: Timestamp(milliseconds: 0), open: dec("0.0010"),
                               high: dec("0.0025"), low: dec("0.0010"), close: dec("0.0025"), volume: 10000, quoteVolume: 18))
        guard case .candle(let mini) = payloads(try sample("miniTicker")).first else { Issue.record("no candle"); return }
        #expect(mini.close == dec("0.0025") && mini.volume == 10000 && mini.start == Timestamp(milliseconds: 123_456_789 - 86_400_000))
    }

    @Test("forceOrder → the liquidation as a trade")
    func forceOrder() throws {
        guard case .trade(let trade) = payloads(try sample("forceOrder")).first else { Issue.record("no trade"); return }
        #expect(trade == Trade(symbol: "BTCUSDT", price: 9910, size: dec("0.014"), side: .sell, tradeID: "forceOrder:1568014460893",
                               timestamp: Timestamp(milliseconds: 1_568_014_460_893)))
    }

    @Test("depthUpdate on the diff stream → a delta chained by U, u, pu")
    func diffDepth() throws {
        let messages = try sample("depth.diff")
        guard case .bookDelta(let delta) = messages.first, messages.count == 1 else { Issue.record("\(messages)"); return }
        #expect(delta.symbol == "BTCUSDT" && delta.sequence == .chained(first: 157, last: 160, previous: 149))
        #expect(delta.timestamp == Timestamp(milliseconds: 123_456_788))
        #expect(delta.changes.map { "\($0.side) \($0.price) \($0.size)" } == ["bid 0.0024 10", "ask 0.0026 100"])
    }

    @Test("depthUpdate on a partial-depth stream → a top-5 snapshot sequenced by u")
    func partialDepth() throws {
        let text = try BN.fixture("ws/depth.partial.json")
        let messages = decodeFrame(#"{"stream":"btcusdt@depth5@100ms","data":\#(text)}"#)
        guard case .book(let book) = payloads(messages).first else { Issue.record("\(messages)"); return }
        #expect(book.action == .snapshot && book.depth == 5 && book.sequence == 390_497_878 && book.symbol == "BTCUSDT")
        #expect(book.bids.count == 5 && book.asks.count == 5)
        #expect(book.bids.first == PriceLevel(price: dec("7403.89"), size: dec("0.002")))
        #expect(book.asks.last == PriceLevel(price: dec("7407.20"), size: dec("0.175")))
        #expect(book.timestamp == Timestamp(milliseconds: 1_571_889_248_276))
    }

    @Test("ORDER_TRADE_UPDATE → an order update")
    func orderTradeUpdate() throws {
        guard case .order(let update) = payloads(try sample("user.ORDER_TRADE_UPDATE")).first else { Issue.record("no order"); return }
        let order = update.order
        #expect(order.orderID == "8886774" && order.clientOrderID == "TEST" && order.symbol == "BTCUSDT" && order.side == .sell)
        #expect(order.type == .stopMarket && order.status == .open && order.price == nil && order.size == dec("0.001"))
        #expect(order.filledSize == 0 && order.stopPrice == dec("7103.04") && order.timeInForce == .goodTillCanceled && !order.reduceOnly)
        #expect(order.updatedAt == Timestamp(milliseconds: 1_568_879_465_650))
        #expect(update.fillSize == nil && update.tradeID == nil && update.timestamp == Timestamp(milliseconds: 1_568_879_465_650))
    }

    @Test("ACCOUNT_UPDATE → two balances and three positions")
    func accountUpdate() throws {
        let all = payloads(try sample("user.ACCOUNT_UPDATE"))
        #expect(all.map(\.kind) == ["balance", "balance", "position", "position", "position"])
        let time = Timestamp(milliseconds: 1_564_745_798_938)
        if case .balance(let usdt) = all[0] {
            #expect(usdt == Balance(currency: "USDT", available: dec("100.12345678"), total: dec("122624.12345678"), timestamp: time))
        }
        if case .balance(let busd) = all[1] { #expect(busd.currency == "BUSD" && busd.total == 1 && busd.available == 0) }
        if case .position(let long) = all[3] {
            #expect(long == Position(symbol: "BTCUSDT", size: 20, entryPrice: dec("6563.66500"), unrealizedPnL: dec("2850.21200"),
                                     realizedPnL: 0, marginMode: .isolated, timestamp: time))
        }
        if case .position(let short) = all[4] {
            #expect(short.size == -10 && short.entryPrice == dec("6563.86000") && short.realizedPnL == dec("-45.04000000"))
        }
    }

    @Test("ACCOUNT_CONFIG_UPDATE → a leverage patch; TRADE_LITE checked and unhandled; listenKeyExpired → reconnect")
    func otherUserEvents() throws {
        let config = try sample("user.ACCOUNT_CONFIG_UPDATE")
        guard case .positionPatch(let patch) = config.first else { Issue.record("\(config)"); return }
        #expect(patch == PositionPatch(symbol: "BTCUSDT", leverage: 25, timestamp: Timestamp(milliseconds: 1_611_646_737_476)))

        let lite = try sample("user.TRADE_LITE")
        guard case .unhandled(let topic, _) = payloads(lite).first else { Issue.record("\(lite)"); return }
        #expect(topic == "TRADE_LITE")
        let text = try BN.fixture("ws/user.TRADE_LITE.json")
        let fill = try Array(text.utf8).withUnsafeBytes { bytes in
            var reader = JSONReader(bytes)
            return try TradeLite(&reader)
        }
        #expect(fill.symbol == "BTCUSDT" && fill.clientOrderID == "z8hcUoOsqEdKMeKPSABslD" && fill.orderID == 8_886_774 && fill.tradeID == 109_100_866)
        #expect(fill.side == .buy && fill.price == dec("64089.20") && fill.size == dec("0.040") && !fill.isMaker)
        #expect(fill.time == Timestamp(milliseconds: 1_721_895_408_214))

        guard case .reconnect(let reason) = try sample("user.listenKeyExpired").first else { Issue.record("no reconnect"); return }
        #expect(reason.contains("listenKey"))
    }

    @Test("control replies: result → ack of the runner's id, error → request failed; requests match the samples' shape")
    func control() throws {
        let number = try #require(BinanceRequestID.number(for: "0.1.1"))
        #expect(BinanceRequestID.id(for: number) == "0.1.1" && BinanceRequestID.id(for: 1) == "0.0.1")
        guard case .ack(let id) = try sample("control.subscribe.result").first else { Issue.record("no ack"); return }
        #expect(id == "0.0.1")
        guard case .ack(let unsubscribed) = try sample("control.unsubscribe.result").first else { Issue.record("no ack"); return }
        #expect(unsubscribed == "0.0.312")
        for name in ["control.list_subscriptions.result", "control.set_property.result", "control.get_property.result"] {
            guard case .ack = try sample(name).first else { Issue.record("\(name) is no ack"); continue }
        }
        guard case .requestFailed(let failedID, let code, let message) = try sample("control.error").first else { Issue.record("no failure"); return }
        #expect(failedID == "0.0.1" && code == "2" && message == "Invalid request: invalid stream")
    }

    @Test("malformed and truncated frames are decode failures with an excerpt, never events", arguments: [
        #"{"e":"aggTrade","s":"BTCUSDT","a":1,"p":"1","q":"1","m":"yes"}"#, #"{"e":"depthUpdate","s":"X","U":1,"u":2,"b":[["1"]],"a":[]}"#,
        #"{"e":"aggTrade","s":"BTC"#, "[1,2", #"{"stream":"x"}"#, #"{"e":"kline","s":"X","k":{"s":"X","t":1,"i":"7m","o":"1","h":"1","l":"1","c":"1","v":"1"}}"#,
    ])
    func malformed(frame: String) {
        let messages = decodeFrame(frame)
        #expect(messages.count == 1)
        guard case .decodeFailure(let error, let excerpt) = payloads(messages).first else { Issue.record("\(messages)"); return }
        #expect(!error.isEmpty && !excerpt.isEmpty)
    }
}
