import ExchangeKit
import Foundation
import KuCoinSpot
import Testing

/// Every public-topic sample under `Fixtures/ws` decodes to the values written in it.
@Suite struct SpotMarketDecodingTests {
    @Test func matchBecomesATrade() throws {
        let event = try #require(spotEvent(try SpotTest.ws("match")))
        guard case .trade(let trade) = event.payload else { Issue.record("not a trade: \(event.payload)"); return }
        #expect(event.symbol == "BTC-USDT" && event.time == Timestamp(nanoseconds: 1_729_843_222_921_000_000))
        #expect(trade == Trade(symbol: "BTC-USDT", price: 67523, size: exact("0.003"), side: .buy, tradeID: "11067996711960577",
                               makerOrderID: "671b5007389355000701b1d3", takerOrderID: "671b50161777ff00074c168d",
                               sequence: 11_067_996_711_960_577, timestamp: Timestamp(nanoseconds: 1_729_843_222_921_000_000)))
    }

    @Test func tickerReadsTheCapitalTimeKey() throws {
        let event = try #require(spotEvent(try SpotTest.ws("ticker")))
        guard case .ticker(let ticker) = event.payload else { Issue.record("not a ticker: \(event.payload)"); return }
        #expect(event.symbol == "BTC-USDT" && event.time == Timestamp(milliseconds: 1_704_873_323_416))
        #expect(ticker == Ticker(symbol: "BTC-USDT", bid: exact("0.049"), bidSize: exact("0.036"), ask: exact("0.08"), askSize: exact("0.18"),
                                 last: exact("0.08"), lastSize: exact("0.011"), sequence: 1_545_896_668_986,
                                 timestamp: Timestamp(milliseconds: 1_704_873_323_416)))
    }

    @Test func allSymbolsTickerTakesTheSymbolFromTheSubject() throws {
        let event = try #require(spotEvent(try SpotTest.ws("ticker-all")))
        guard case .ticker(let ticker) = event.payload else { Issue.record("not a ticker: \(event.payload)"); return }
        #expect(event.symbol == "BTC-USDT")
        #expect(ticker == Ticker(symbol: "BTC-USDT", bid: exact("67218.6"), bidSize: exact("0.01045638"), ask: exact("67218.7"),
                                 askSize: exact("1.92318539"), last: 67220, lastSize: exact("0.00004316"), sequence: 14_691_455_768,
                                 timestamp: Timestamp(milliseconds: 1_729_757_723_612)))
    }

    @Test func level2BecomesARangedDeltaWithLevelSequences() throws {
        let output = spotDecode(try SpotTest.ws("level2"))
        guard output.count == 1, case .bookDelta(let delta) = output[0] else { Issue.record("not a delta: \(output)"); return }
        #expect(delta.symbol == "BTC-USDT" && delta.sequence == .range(first: 14_701_689_783, last: 14_701_689_783))
        #expect(delta.timestamp == Timestamp(milliseconds: 1_729_816_425_625))
        #expect(delta.changes == [BookChange(side: .ask, price: exact("67993.3"), size: exact("1.21427407"), sequence: 14_701_689_783)!])
    }

    @Test func level2PriceZeroOnlyAdvancesTheSequence() {
        let frame = #"{"topic":"/market/level2:BTC-USDT","type":"message","subject":"trade.l2update","data":{"changes":{"asks":[["0","0","15"]],"bids":[["100.5","2","16"]]},"sequenceEnd":16,"sequenceStart":15,"symbol":"BTC-USDT","time":1729816425625}}"#
        let output = spotDecode(frame)
        guard output.count == 1, case .bookDelta(let delta) = output[0] else { Issue.record("not a delta: \(output)"); return }
        #expect(delta.sequence == .range(first: 15, last: 16))
        #expect(delta.changes == [BookChange(side: .bid, price: exact("100.5"), size: 2, sequence: 16)!])
    }

    @Test func depth5BecomesATopFiveSnapshot() throws {
        let event = try #require(spotEvent(try SpotTest.ws("level2Depth5")))
        guard case .book(let book) = event.payload else { Issue.record("not a book: \(event.payload)"); return }
        #expect(event.symbol == "BTC-USDT" && event.time == Timestamp(milliseconds: 1_729_822_226_746))
        #expect(book == BookUpdate(
            symbol: "BTC-USDT", action: .snapshot,
            bids: [level("67996.6", "0.37969491"), level("67995.3", "0.20779746"), level("67994.5", "0.00047785"),
                   level("67993.4", "0.405"), level("67993.3", "0.13528566")],
            asks: [level("67996.7", "1.14213262"), level("67996.8", "0.21748212"), level("67996.9", "0.1503747"),
                   level("67997", "0.11446863"), level("67997.1", "0.14842782")],
            sequence: 1_729_822_226_746, depth: 5, timestamp: Timestamp(milliseconds: 1_729_822_226_746)))
    }

    @Test func depth50BecomesATopFiftySnapshot() throws {
        let event = try #require(spotEvent(try SpotTest.ws("level2Depth50")))
        guard case .book(let book) = event.payload else { Issue.record("not a book: \(event.payload)"); return }
        #expect(book.depth == 50 && book.action == .snapshot && book.bids.count == 50 && book.asks.count == 50)
        #expect(book.asks.first == level("95964.3", "0.08168874") && book.asks.last == level("96024.6", "0.00104131"))
        #expect(book.bids.first == level("95964.2", "1.35483359") && book.bids.last == level("95913.5", "0.05177498"))
        #expect(book.bids[42] == level("95918.1", "0.00001889"))
        #expect(book.timestamp == Timestamp(milliseconds: 1_733_124_805_073) && book.sequence == 1_733_124_805_073)
    }

    @Test func level1BecomesABestBidAndAsk() throws {
        let event = try #require(spotEvent(try SpotTest.ws("level1")))
        guard case .ticker(let ticker) = event.payload else { Issue.record("not a ticker: \(event.payload)"); return }
        #expect(ticker == Ticker(symbol: "BTC-USDT", bid: exact("68145.7"), bidSize: exact("1.29267802"), ask: exact("68145.8"),
                                 askSize: exact("0.51987471"), timestamp: Timestamp(milliseconds: 1_729_816_058_766)))
    }

    @Test func candleKeepsCloseBeforeHighAndLow() throws {
        let event = try #require(spotEvent(try SpotTest.ws("candles")))
        guard case .candle(let candle) = event.payload else { Issue.record("not a candle: \(event.payload)"); return }
        #expect(event.time == Timestamp(nanoseconds: 1_729_842_192_785_164_840))
        #expect(candle == Candle(symbol: "BTC-USDT", interval: .seconds(3600), start: Timestamp(seconds: 1_729_839_600),
                                 open: exact("67644.9"), high: exact("67724.8"), low: exact("67243.8"), close: exact("67437.6"),
                                 volume: exact("44.88321441"), quoteVolume: exact("3027558.991928447")))
    }

    @Test func marketSnapshotBecomesATicker() throws {
        let event = try #require(spotEvent(try SpotTest.ws("snapshot")))
        guard case .ticker(let ticker) = event.payload else { Issue.record("not a ticker: \(event.payload)"); return }
        #expect(event.symbol == "BTC-USDT" && event.time == Timestamp(milliseconds: 1_729_758_286_011))
        #expect(ticker == Ticker(symbol: "BTC-USDT", bid: exact("67158.1"), bidSize: exact("0.81772627"), ask: exact("67158.2"),
                                 askSize: exact("1.15955795"), last: exact("67158.1"), sequence: 14_691_517_895,
                                 timestamp: Timestamp(milliseconds: 1_729_758_286_011)))
    }

    @Test("control frames: welcome, ack, pong; ping, subscribe and unsubscribe are client frames the server never sends")
    func controlFrames() throws {
        guard case .welcome = spotDecode(try SpotTest.ws("control.welcome")).first else { Issue.record("no welcome"); return }
        guard case .ack("1545910660739") = spotDecode(try SpotTest.ws("control.ack")).first else { Issue.record("no ack"); return }
        guard case .pong = spotDecode(try SpotTest.ws("control.pong")).first else { Issue.record("no pong"); return }
        // A client frame echoed back is reported, not mistaken for data.
        for name in ["control.ping", "control.subscribe", "control.unsubscribe"] {
            let output = spotDecode(try SpotTest.ws(name))
            guard output.count == 1, case .event(nil, nil, .unhandled(_, let subject)) = output[0] else {
                Issue.record("\(name): \(output)")
                continue
            }
            #expect(subject?.hasPrefix("type ") == true)
        }
    }
}
