import Foundation
@testable import Simulator
import Testing

/// The simulator's spot frames and bodies carry the members of KuCoin's own samples
/// (Fixtures/KuCoinSpot, copied from the reference set with their provenance).
@Suite("Simulator: KuCoin Spot wire shapes against the reference samples")
struct SimulatorSpotWireTests {
    static let pair = SimContract.spotPair("BTC-USDT")

    /// A market moved a little, so it has trades, candles and a book.
    static func market() -> SimMarket {
        var market = SimMarket(contract: pair, seed: 3)
        var events: [MarketEvent] = []
        for step in 0..<500 { market.step(time: 1_764_115_200_000_000_000 + Int64(step) * 1_000_000, into: &events) }
        return market
    }

    static func sample(_ path: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/KuCoinSpot/\(path)", withExtension: nil))
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(200))")
    }

    /// The first element of an array, or the value itself.
    static func first(_ value: Any?) -> [String: Any] {
        ((value as? [Any])?.first ?? value) as? [String: Any] ?? [:]
    }

    /// A frame's and its `data`'s member names, against the sample's.
    static func expectSameMembers(_ frame: String, as path: String, renaming: [String: String] = [:]) throws {
        let ours = try object(frame)
        let theirs = try sample(path)
        #expect(Set(ours.keys) == Set(theirs.keys), "\(path): frame members")
        let sampleData = Set(first(theirs["data"]).keys.map { renaming[$0] ?? $0 })
        #expect(Set(first(ours["data"]).keys) == sampleData, "\(path): data members")
    }

    /// A REST `data` payload's member names (of its first element), against the sample's.
    static func expectSameMembers(data: String, as path: String, element: (Any?) -> Any? = { $0 }) throws {
        let ours = first(element(try JSONSerialization.jsonObject(with: Data(data.utf8))))
        let theirs = first(element(try sample(path)["data"]))
        #expect(!ours.isEmpty && Set(ours.keys) == Set(theirs.keys), "\(path): \(Set(ours.keys).symmetricDifference(theirs.keys))")
    }

    @Test("public frames: match, ticker (schema's `time` for the sample's `Time`), level2 with a range, depth 5")
    func publicFrames() throws {
        let market = Self.market()
        try Self.expectSameMembers(KuCoinSpotWire.match(symbol: "BTC-USDT", side: .buy, ticks: 909_001, lots: 25, sequence: 7, time: 1, pair: Self.pair),
                                   as: "ws/match.json")
        let last = SimTrade(side: .sell, ticks: 909_000, lots: 3, sequence: 6, time: 1)
        try Self.expectSameMembers(KuCoinSpotWire.ticker(symbol: "BTC-USDT", bid: 909_000, bidLots: 2, ask: 909_001, askLots: 4, sequence: 9,
                                                         time: 1_000_000, last: last, pair: Self.pair),
                                   as: "ws/ticker.json", renaming: ["Time": "time"])
        let changes: [MarketEvent] = [
            .level(symbol: "BTC-USDT", side: .sell, ticks: 909_010, lots: 5, sequence: 41, time: 1_000_000),
            .level(symbol: "BTC-USDT", side: .buy, ticks: 908_990, lots: 0, sequence: 42, time: 1_000_000),
            .level(symbol: "BTC-USDT", side: .sell, ticks: 909_010, lots: 8, sequence: 43, time: 1_000_000),
        ]
        let level2 = try #require(KuCoinSpotWire.levelUpdate(changes, pair: Self.pair))
        try Self.expectSameMembers(level2, as: "ws/level2.json")
        let data = try #require(try Self.object(level2)["data"] as? [String: Any])
        #expect(data["sequenceStart"] as? Int == 41 && data["sequenceEnd"] as? Int == 43)
        let changed = try #require(data["changes"] as? [String: [[String]]])
        #expect(changed["asks"] == [["90901", "0.0008", "43"]], "only a price's latest change, with its own sequence")
        #expect(changed["bids"] == [["90899", "0", "42"]], "size 0 removes the level")
        #expect(KuCoinSpotWire.levelUpdate([], pair: Self.pair) == nil)
        try Self.expectSameMembers(KuCoinSpotWire.depth(market, depth: 5, timeMillis: 1), as: "ws/level2Depth5.json")
    }

    @Test("REST bodies: symbols, level1, stats, all tickers, books, trade histories")
    func publicBodies() throws {
        let market = Self.market()
        try Self.expectSameMembers(data: "[" + KuCoinSpotWire.symbol(Self.pair) + "]", as: "rest/symbols-v2.json")
        try Self.expectSameMembers(data: KuCoinSpotWire.level1(market, timeMillis: 1), as: "rest/ticker-level1.json")
        try Self.expectSameMembers(data: KuCoinSpotWire.stats(market, timeMillis: 1_764_115_260_000, inList: false), as: "rest/stats.json")
        try Self.expectSameMembers(data: #"{"ticker":[\#(KuCoinSpotWire.stats(market, timeMillis: 1, inList: true))]}"#, as: "rest/all-tickers.json") {
            ($0 as? [String: Any])?["ticker"]
        }
        try Self.expectSameMembers(data: KuCoinSpotWire.book(market, depth: 20, timeMillis: 1), as: "rest/level2-20.json")
        try Self.expectSameMembers(data: KuCoinSpotWire.histories(market), as: "rest/trade-histories.json")
        let book = try Self.object(KuCoinSpotWire.book(market, depth: 20, timeMillis: 1))
        #expect((book["bids"] as? [[String]])?.count == 20 && book["sequence"] is String, "sequence is a string on spot REST")
    }

    @Test("the account's bodies and frames: accounts, HF order, HF fill, order changes, balance change")
    func accountShapes() throws {
        let order = SimSpotOrder(id: "6720ecd9ec71f4000747731a", clientOid: "c1", symbol: "BTC-USDT", side: .buy, kind: .limit, price: 500_000,
                                 size: 200, funds: nil, timeInForce: .goodTillCanceled, postOnly: false, createdAt: 1, updatedAt: 1)
        try Self.expectSameMembers(data: "[" + KuCoinSpotWire.account(currency: "USDT", total: 10_000, hold: 1001) + "]", as: "rest/accounts.json")
        try Self.expectSameMembers(data: KuCoinSpotWire.order(order, pair: Self.pair), as: "rest/hf-order-get.json")
        let fill = SimFill(tradeID: "11029373945659392", orderID: order.id, symbol: "BTC-USDT", side: .buy, price: 500_000, lots: 1, value: 5,
                           fee: Decimal(string: "0.005")!, feeRate: Decimal(string: "0.001")!, liquidity: "taker", orderType: .limit, time: 1,
                           counterOrderID: "67174228135f9e000709da8c", fillID: 19_814_995_255_305)
        try Self.expectSameMembers(data: #"{"items":[\#(KuCoinSpotWire.fill(fill, pair: Self.pair))],"lastId":1}"#, as: "rest/hf-fills.json") {
            ($0 as? [String: Any])?["items"]
        }
        let fillObject = try Self.object(KuCoinSpotWire.fill(fill, pair: Self.pair))
        #expect(fillObject["tradeId"] is NSNumber && fillObject["id"] is NSNumber, "HF fill ids are int64 numbers")
        try Self.expectSameMembers(KuCoinSpotWire.orderChange(order, type: "open", match: nil, pair: Self.pair, topic: "/spotMarket/tradeOrdersV2", time: 1),
                                   as: "ws/tradeOrdersV2.open.json")
        var market = order
        market.kind = .market
        market.price = nil
        try Self.expectSameMembers(KuCoinSpotWire.orderChange(market, type: "received", match: nil, pair: Self.pair, topic: "/spotMarket/tradeOrdersV2",
                                                              time: 1),
                                   as: "ws/tradeOrdersV2.received.json")
        try Self.expectSameMembers(KuCoinSpotWire.balanceChange(currency: "USDT", total: 10_000, hold: Decimal(string: "1001")!, availableChange: -1001,
                                                                holdChange: 1001, symbol: "BTC-USDT", orderID: order.id, tradeID: nil,
                                                                event: "trade.hold", eventID: "1", time: 1_000_000),
                                   as: "ws/account-balance.json")
        let orderObject = try Self.object(KuCoinSpotWire.order(order, pair: Self.pair))
        #expect(orderObject["price"] as? String == "50000" && orderObject["size"] as? String == "0.02" && orderObject["funds"] as? String == "1000")
    }
}
