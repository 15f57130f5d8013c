import ExchangeKit
import Foundation
import Testing

/// Every public-topic sample decodes to the values written in it.
@Suite struct MarketDataDecodingTests {
    @Test func executionBecomesATrade() {
        let message = decodeSingle(WSFixture.bytes("execution.json"))
        guard let (symbol, time, payload) = eventParts(message), case .trade(let trade) = payload else {
            Issue.record("not a trade: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(nanoseconds: 1_731_898_619_520_000_000))
        #expect(trade == Trade(
            symbol: "XBTUSDTM", price: exact("90503.9"), size: 2, side: .buy, tradeID: "1794100537695",
            makerOrderID: "247822167163555840", takerOrderID: "247822202957807616",
            sequence: 1_794_100_537_695, timestamp: Timestamp(nanoseconds: 1_731_898_619_520_000_000)))
    }

    @Test func tickerV2BecomesABestBidAndAsk() {
        let message = decodeSingle(WSFixture.bytes("tickerV2.json"))
        guard let (symbol, time, payload) = eventParts(message), case .ticker(let ticker) = payload else {
            Issue.record("not a ticker: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(nanoseconds: 1_731_665_526_461_000_000))
        #expect(ticker == Ticker(
            symbol: "XBTUSDTM", bid: exact("88987.4"), bidSize: 713, ask: exact("88987.5"), askSize: 1037,
            sequence: 1_709_284_589_209, timestamp: Timestamp(nanoseconds: 1_731_665_526_461_000_000)))
    }

    @Test func tickerV1AddsTheLastTrade() {
        let message = decodeSingle(WSFixture.bytes("ticker.json"))
        guard let (symbol, time, payload) = eventParts(message), case .ticker(let ticker) = payload else {
            Issue.record("not a ticker: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(nanoseconds: 1_731_679_215_637_000_000))
        #expect(ticker == Ticker(
            symbol: "XBTUSDTM", bid: exact("90147.7"), bidSize: 2186, ask: exact("90147.8"), askSize: 275,
            last: exact("90147.7"), lastSize: 1, sequence: 1_793_133_570_931,
            timestamp: Timestamp(nanoseconds: 1_731_679_215_637_000_000)))
    }

    @Test func level2Depth5BecomesATopFiveSnapshot() {
        let message = decodeSingle(WSFixture.bytes("level2Depth5.json"))
        guard let (symbol, time, payload) = eventParts(message), case .book(let book) = payload else {
            Issue.record("not a book: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(milliseconds: 1_731_680_019_100))
        #expect(book == BookUpdate(
            symbol: "XBTUSDTM", action: .snapshot,
            bids: [level("89720.9", 513), level("89720.8", 12), level("89718.6", 113), level("89718.4", 19), level("89718.3", 7)],
            asks: [level("89721", 906), level("89721.1", 203), level("89721.4", 113), level("89723.2", 113), level("89725.4", 113)],
            sequence: 1_709_294_294_670, depth: 5, timestamp: Timestamp(milliseconds: 1_731_680_019_100)))
    }

    @Test func level2Depth50BecomesATopFiftySnapshot() {
        let message = decodeSingle(WSFixture.bytes("level2Depth50.json"))
        guard let (symbol, time, payload) = eventParts(message), case .book(let book) = payload else {
            Issue.record("not a book: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(milliseconds: 1_731_680_249_700))
        #expect(book == BookUpdate(
            symbol: "XBTUSDTM", action: .snapshot,
            bids: [level("89778.6", 1534), level("89778.2", 54)],
            asks: [level("89778.7", 854), level("89779.2", 4)],
            sequence: 1_709_294_490_099, depth: 50, timestamp: Timestamp(milliseconds: 1_731_680_249_700)))
    }

    @Test func level2BecomesAOneChangeDelta() {
        let message = decodeSingle(WSFixture.bytes("level2.json"))
        guard case .bookDelta(let delta)? = message else {
            Issue.record("not a delta: \(String(describing: message))")
            return
        }
        #expect(delta == BookDelta(
            symbol: "XBTUSDTM", sequence: .single(1_709_400_450_243),
            changes: [BookChange(side: .ask, price: exact("90631.2"), size: 2)!],
            timestamp: Timestamp(milliseconds: 1_731_897_467_182)))
        #expect(delta.changes.first?.key == PriceKey(raw: 90_631_200_000_000_000_000_000))
    }

    @Test func level2BuyChangeIsABid() {
        let frame = editingData(WSFixture.text("level2.json")) { $0["change"] = #""90631.1,buy,0""# }
        guard case .bookDelta(let delta)? = decodeSingle(frame) else {
            Issue.record("not a delta")
            return
        }
        #expect(delta.changes == [BookChange(side: .bid, price: exact("90631.1"), size: 0)!])
    }

    @Test func limitCandleBecomesACandle() {
        let message = decodeSingle(WSFixture.bytes("limitCandle.json"))
        guard let (symbol, time, payload) = eventParts(message), case .candle(let candle) = payload else {
            Issue.record("not a candle: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(milliseconds: 1_731_898_208_357))
        // ["1731898200","90638.6","90638.6","90638.6","90638.6","21.0","21"]: start, open, close, high, low,
        // turnover ("21.0"), volume ("21") — see CandleWire for the order of the last two.
        #expect(candle == Candle(
            symbol: "XBTUSDTM", interval: .seconds(60), start: Timestamp(seconds: 1_731_898_200),
            open: exact("90638.6"), high: exact("90638.6"), low: exact("90638.6"), close: exact("90638.6"),
            volume: 21, quoteVolume: exact("21.0")))
    }

    @Test func candleElementsMapToTheirFields() {
        // Distinct values prove each position: start, open, close, high, low, turnover, volume.
        let frame = #"{"topic":"/contractMarket/limitCandle:ETHUSDTM_4hour","type":"message","data":{"symbol":"ETHUSDTM","candles":["1731898200","2.1","2.4","2.9","2.0","71.5","30"],"time":1731898208357},"subject":"candle.stick"}"#
        guard let (_, _, payload) = eventParts(decodeSingle(frame)), case .candle(let candle) = payload else {
            Issue.record("not a candle")
            return
        }
        #expect(candle == Candle(
            symbol: "ETHUSDTM", interval: .seconds(4 * 3600), start: Timestamp(seconds: 1_731_898_200),
            open: exact("2.1"), high: exact("2.9"), low: exact("2.0"), close: exact("2.4"), volume: 30, quoteVolume: exact("71.5")))
    }

    @Test(arguments: [
        ("1min", 60), ("5min", 300), ("15min", 900), ("30min", 1800), ("1hour", 3600), ("2hour", 7200),
        ("4hour", 14400), ("8hour", 28800), ("12hour", 43200), ("1day", 86400), ("1week", 604_800),
    ])
    func candleIntervalComesFromTheTopic(type: String, seconds: Int) {
        let frame = WSFixture.text("limitCandle.json").replacingOccurrences(of: "XBTUSDTM_1min", with: "XBTUSDTM_\(type)")
        guard let (_, _, payload) = eventParts(decodeSingle(frame)), case .candle(let candle) = payload else {
            Issue.record("not a candle")
            return
        }
        #expect(candle.interval == .seconds(seconds))
    }

    @Test func markIndexPriceBecomesAMarkPrice() {
        let message = decodeSingle(WSFixture.bytes("instrument.mark-index-price.json"))
        guard let (symbol, time, payload) = eventParts(message), case .markPrice(let mark) = payload else {
            Issue.record("not a mark price: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(milliseconds: 1_731_899_129_000))
        #expect(mark == MarkPrice(
            symbol: "XBTUSDTM", value: exact("90445.02"), indexPrice: exact("90445.02"),
            timestamp: Timestamp(milliseconds: 1_731_899_129_000)))
    }

    @Test func predictedFundingRateHasNoInterval() {
        let message = decodeSingle(WSFixture.bytes("instrument.funding-rate.json"))
        guard let (symbol, time, payload) = eventParts(message), case .fundingRate(let rate) = payload else {
            Issue.record("not a funding rate: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDM")
        #expect(time == Timestamp(milliseconds: 1_551_770_400_000))
        // granularity 60000 is the per-minute predicted rate, not a 1-minute funding interval.
        #expect(rate == FundingRate(symbol: "XBTUSDM", rate: exact("-0.002966"), timestamp: Timestamp(milliseconds: 1_551_770_400_000)))
    }

    @Test func settledFundingRateCarriesItsInterval() {
        let frame = editingData(WSFixture.text("instrument.funding-rate.json")) { $0["granularity"] = "28800000" }
        guard let (_, _, payload) = eventParts(decodeSingle(frame)), case .fundingRate(let rate) = payload else {
            Issue.record("not a funding rate")
            return
        }
        #expect(rate.interval == .seconds(8 * 3600))
        #expect(rate.rate == exact("-0.002966"))
    }

    @Test func fundingBeginBecomesAFundingRate() {
        let message = decodeSingle(WSFixture.bytes("announcement.funding-begin.json"))
        guard let (symbol, time, payload) = eventParts(message), case .fundingRate(let rate) = payload else {
            Issue.record("not a funding rate: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(milliseconds: 1_551_770_400_000))
        #expect(rate == FundingRate(symbol: "XBTUSDTM", rate: exact("-0.002966"), timestamp: Timestamp(milliseconds: 1_551_770_400_000)))
    }

    @Test func fundingEndBecomesAFundingRate() {
        let message = decodeSingle(WSFixture.bytes("announcement.funding-end.json"))
        guard let (symbol, time, payload) = eventParts(message), case .fundingRate(let rate) = payload else {
            Issue.record("not a funding rate: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDM")
        #expect(time == Timestamp(milliseconds: 1_551_770_410_000))
        #expect(rate == FundingRate(symbol: "XBTUSDM", rate: exact("-0.002966"), timestamp: Timestamp(milliseconds: 1_551_770_400_000)))
    }

    @Test func symbolSnapshotIsUnhandled() {
        let message = decodeSingle(WSFixture.bytes("snapshot.json"))
        #expect(unhandledParts(message)?.topic == "/contractMarket/snapshot:XBTUSDTM")
        #expect(unhandledParts(message)?.subject == "snapshot.24h")
    }

    private func level(_ price: String, _ size: Decimal) -> PriceLevel { PriceLevel(price: exact(price), size: size) }
}
