import ExchangeKit
import Foundation
import KuCoinFutures
import Testing

/// Bad input is a `decodeFailure` (never a crash or a default), unknown input is `unhandled`,
/// and key order does not matter.
@Suite struct MalformedFrameTests {
    /// What a field must hold, for choosing values of the wrong type.
    enum Kind: Sendable {
        /// A number, or a string holding one.
        case number
        /// A string.
        case text
        case bool
        case array
    }

    /// The required `data` fields of each sample, with their kinds.
    static let required: [String: [(String, Kind)]] = [
        "execution.json": [("price", .number), ("size", .number), ("side", .text), ("tradeId", .text), ("sequence", .number), ("ts", .number)],
        "tickerV2.json": [("bestBidPrice", .number), ("bestBidSize", .number), ("bestAskPrice", .number), ("bestAskSize", .number), ("sequence", .number), ("ts", .number)],
        "ticker.json": [("bestBidPrice", .number), ("bestBidSize", .number), ("bestAskPrice", .number), ("bestAskSize", .number), ("sequence", .number), ("ts", .number), ("price", .number), ("size", .number)],
        "level2Depth5.json": [("bids", .array), ("asks", .array), ("sequence", .number)],
        "level2Depth50.json": [("bids", .array), ("asks", .array), ("sequence", .number)],
        "level2.json": [("sequence", .number), ("change", .text), ("timestamp", .number)],
        "limitCandle.json": [("candles", .array)],
        "instrument.mark-index-price.json": [("markPrice", .number), ("indexPrice", .number), ("timestamp", .number)],
        "instrument.funding-rate.json": [("fundingRate", .number), ("granularity", .number), ("timestamp", .number)],
        "announcement.funding-begin.json": [("symbol", .text), ("fundingRate", .number), ("fundingTime", .number), ("timestamp", .number)],
        "announcement.funding-end.json": [("symbol", .text), ("fundingRate", .number), ("fundingTime", .number), ("timestamp", .number)],
        "tradeOrders.json": orderFields,
        "tradeOrders.symbol.json": orderFields,
        "tradeOrders.legacy-docs.json": orderFields,
        "advancedOrders.stopOrder.json": [("orderId", .text), ("symbol", .text), ("side", .text), ("size", .number), ("stopPrice", .number), ("type", .text), ("ts", .number)],
        "position.change.json": [("avgEntryPrice", .number), ("currentTimestamp", .number)],
        "positionAll.change.json": [("avgEntryPrice", .number), ("currentTimestamp", .number)],
        "position.change-markprice.json": [("currentTimestamp", .number)],
        "position.settlement.json": [("fundingRate", .number), ("fundingTime", .number), ("ts", .number)],
        "position.adjustRiskLimit.json": [("success", .bool), ("riskLimitLevel", .number)],
        "wallet.walletBalance-change.json": [("currency", .text), ("availableBalance", .number), ("walletBalance", .number), ("timestamp", .number)],
        "wallet.availableBalance-change.json": [("currency", .text), ("availableBalance", .number), ("timestamp", .number)],
        "wallet.orderMargin-change.json": [("orderMargin", .number), ("currency", .text), ("timestamp", .number)],
        "wallet.withdrawHold-change.json": [("withdrawHold", .number), ("currency", .text), ("timestamp", .number)],
    ]

    static let orderFields: [(String, Kind)] = [
        ("orderId", .text), ("side", .text), ("type", .text), ("status", .text), ("size", .number),
        ("filledSize", .number), ("remainSize", .number), ("ts", .number),
    ]

    static var requiredCases: [(String, String, Kind)] {
        required.keys.sorted().flatMap { name in required[name]!.map { (name, $0.0, $0.1) } }
    }

    static func wrongValues(_ kind: Kind) -> [String] {
        switch kind {
        case .number: ["true", "{}", "[]", #""abc""#, #""""#, "1.5e999", #""1 ""#]
        case .text: ["true", "{}", "[]", "12"]
        case .bool: ["1", #""true""#, "{}", "null"]
        case .array: ["{}", #""x""#, "1", "true"]
        }
    }

    @Test(arguments: requiredCases)
    func missingNullOrWrongTypedRequiredFieldIsADecodeFailure(fixture: String, field: String, kind: Kind) {
        let text = WSFixture.text(fixture)
        #expect(RawObject(RawObject(text)["data"] ?? "{}")[field] != nil, "\(field) is not in \(fixture)")
        // The edit itself keeps the frame valid: the field set to its own value still decodes.
        let same = editingData(text) { $0[field] = $0[field] }
        #expect(decodeFailureReason(decodeSingle(same)) == nil)
        var edits = ["(removed)": editingData(text) { $0[field] = nil }, "null": editingData(text) { $0[field] = "null" }]
        for value in Self.wrongValues(kind) {
            edits[value] = editingData(text) { $0[field] = value }
        }
        for (value, frame) in edits.sorted(by: { $0.key < $1.key }) {
            let reason = decodeFailureReason(decodeSingle(frame))
            #expect(reason?.contains("\"\(field)\"") == true, "\(field): \(value) → \(decodeFrame(frame))")
        }
    }

    @Test func decodeFailureNamesTheFieldAndKeepsAnExcerpt() {
        let frame = editingData(WSFixture.text("execution.json")) { $0["price"] = nil }
        guard case .event(nil, nil, .decodeFailure(let error, let excerpt))? = decodeSingle(frame) else {
            Issue.record("not a failure")
            return
        }
        #expect(error == #"/contractMarket/execution:XBTUSDTM match: missing "price""#)
        #expect(excerpt.utf8.count <= 256)
        #expect(excerpt.hasSuffix("…"))
        #expect(frame.hasPrefix(String(excerpt.dropLast())))
    }

    @Test(arguments: WSFixture.names)
    func everyTruncationIsADecodeFailure(fixture: String) {
        let bytes = WSFixture.bytes(fixture)
        var end = bytes.count
        while end > 0, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
        for length in 0..<end {
            let message = decodeSingle(Array(bytes[..<length]))
            #expect(decodeFailureReason(message) != nil, "\(fixture) cut at \(length): \(String(describing: message))")
        }
    }

    @Test(arguments: WSFixture.names.filter { RawObject(WSFixture.text($0))["data"] != nil })
    func keyOrderDoesNotMatter(fixture: String) {
        let text = WSFixture.text(fixture)
        let original = renderedMessages(decodeFrame(text))
        var envelope = RawObject(text)
        let dataIndex = envelope.index(of: "data")!
        let dataFirst = [envelope.members[dataIndex]] + envelope.members.enumerated().filter { $0.offset != dataIndex }.map(\.element)
        envelope.members = dataFirst
        #expect(renderedMessages(decodeFrame(envelope.text)) == original, "data first")
        envelope.members.reverse()
        #expect(renderedMessages(decodeFrame(envelope.text)) == original, "reversed")
        // Inside data too.
        if RawObject(text)["data"]?.hasPrefix("{") == true {
            let shuffled = editingData(text) { $0.members.reverse() }
            #expect(renderedMessages(decodeFrame(shuffled)) == original, "data members reversed")
        }
        #expect(decodeFailureReason(decodeFrame(text).first) == nil)
    }

    @Test(arguments: [
        #"{"type":"message","topic":"/contractMarket/level3v2:XBTUSDTM","subject":"received","data":{"x":[1,{"y":null}]}}"#,
        #"{"type":"message","topic":"/contractMarket/execution:XBTUSDTM","subject":"trade","data":{}}"#,
        #"{"type":"message","topic":"/contract/instrument:XBTUSDTM","subject":"premium.index","data":{"value":1}}"#,
        #"{"type":"message","topic":"/contractAccount/wallet","subject":"someNew.change","data":{"a":"b"}}"#,
        #"{"type":"message","topic":"/contract/position:XBTUSDTM","subject":"position.other","data":{}}"#,
        #"{"type":"message","topic":"/contractMarket/tickerV2:XBTUSDTM","data":{}}"#,
        #"{"data":"anything","topic":"/unknown","type":"message","subject":null}"#,
    ])
    func unknownTopicOrSubjectIsUnhandled(frame: String) {
        let message = decodeSingle(frame)
        let raw = RawObject(frame)
        #expect(unhandledParts(message)?.topic == raw["topic"].map { String($0.dropFirst().dropLast()) })
        let subject = raw["subject"].flatMap { $0 == "null" ? nil : String($0.dropFirst().dropLast()) }
        #expect(unhandledParts(message)?.subject == subject)
    }

    @Test func unhandledDataMustStillBeWellFormed() {
        #expect(decodeFailureReason(decodeSingle(#"{"type":"message","topic":"/x","subject":"y","data":{"a":01}}"#)) != nil)
        #expect(decodeFailureReason(decodeSingle(#"{"type":"message","topic":"/x","subject":"y","data":{"a":1,}}"#)) != nil)
    }

    @Test(arguments: [
        ("execution.json", "size", "-2"), ("execution.json", "size", "0"), ("execution.json", "size", "1.5"),
        ("execution.json", "price", #""-1""#), ("execution.json", "price", #""0""#), ("execution.json", "price", #""1e999""#),
        ("execution.json", "side", #""hold""#), ("execution.json", "symbol", #""ETHUSDTM""#), ("execution.json", "symbol", "7"),
        ("execution.json", "sequence", "99999999999999999999"), ("execution.json", "ts", "1.5"),
        ("tickerV2.json", "bestBidSize", "-1"), ("tickerV2.json", "bestAskPrice", #""-88987.5""#),
        ("level2Depth5.json", "bids", #"[["89720.9"]]"#), ("level2Depth5.json", "bids", #"[["-1",5]]"#),
        ("level2Depth5.json", "asks", #"[["89721",-906]]"#), ("level2Depth5.json", "asks", #"[[]]"#), ("level2Depth5.json", "asks", #"["89721"]"#),
        ("level2.json", "change", #""90631.2,sell""#), ("level2.json", "change", #""90631.2,sell,2,3""#),
        ("level2.json", "change", #""90631.2,ask,2""#), ("level2.json", "change", #""-1,sell,2""#),
        ("level2.json", "change", #""1e5,sell,2""#), ("level2.json", "change", #""0,sell,2""#),
        ("level2.json", "change", #""90631.2,sell,-2""#), ("level2.json", "change", #"" 90631.2,sell,2""#),
        ("level2.json", "change", #""01,sell,2""#), ("level2.json", "change", #""1.,sell,2""#), ("level2.json", "change", #"",sell,2""#),
        ("level2.json", "change", #""0.0000000000000000001,sell,2""#), ("level2.json", "timestamp", "9300000000000000"),
        ("limitCandle.json", "candles", #"["1731898200","1","1","1","1","1"]"#),
        ("limitCandle.json", "candles", #"["1731898200","1","1","1","1","1","1","1"]"#),
        ("limitCandle.json", "candles", #"["1731898200","1","1","1","-1","1","1"]"#),
        ("limitCandle.json", "candles", #"["x","1","1","1","1","1","1"]"#),
        ("limitCandle.json", "candles", #"["99999999999999999","1","1","1","1","1","1"]"#),
        ("limitCandle.json", "symbol", #""ETHUSDTM""#),
        ("instrument.mark-index-price.json", "markPrice", "0"), ("instrument.funding-rate.json", "granularity", "0"),
        ("tradeOrders.symbol.json", "size", #""-1""#), ("tradeOrders.symbol.json", "orderType", #""stop""#),
        ("tradeOrders.symbol.json", "orderTime", #""x""#), ("tradeOrders.symbol.json", "orderId", #""""#),
        ("tradeOrders.legacy-docs.json", "liquidity", #""both""#), ("tradeOrders.legacy-docs.json", "matchPrice", #""-3""#),
        ("advancedOrders.stopOrder.json", "type", #""waiting""#), ("advancedOrders.stopOrder.json", "stopPrice", #""0""#),
        ("advancedOrders.stopOrder.json", "triggerSuccess", #""yes""#),
        ("position.change.json", "marginMode", #""PORTFOLIO""#), ("position.change.json", "currentQty", "0.5"),
        ("position.change.json", "symbol", #""ETHUSDTM""#),
        ("wallet.walletBalance-change.json", "timestamp", #""17319169967640000""#),
        ("position.adjustRiskLimit.json", "msg", "5"),
        ("crossLeverage.json", "ETHUSDTM", #""8""#), ("crossLeverage.json", "ETHUSDTM", #"{"leverage":"x"}"#),
        ("marginMode.json", "ETHUSDTM", #""HEDGE""#), ("marginMode.json", "ETHUSDTM", "1"),
    ])
    func impossibleValuesAreDecodeFailures(fixture: String, field: String, value: String) {
        let frame = editingData(WSFixture.text(fixture)) { $0[field] = value }
        let message = decodeSingle(frame)
        #expect(decodeFailureReason(message) != nil, "\(field): \(value) → \(String(describing: message))")
    }

    @Test func unknownOrderTypeAndStatusIsADecodeFailure() {
        let frame = editingData(WSFixture.text("tradeOrders.symbol.json")) { $0["type"] = #""weird""#; $0["status"] = #""weird""# }
        #expect(decodeFailureReason(decodeSingle(frame)) != nil)
    }

    @Test func symbolComesFromTheTopicWhenDataHasNone() {
        for fixture in ["execution.json", "tickerV2.json", "ticker.json", "limitCandle.json", "tradeOrders.symbol.json", "position.change.json"] {
            let frame = editingData(WSFixture.text(fixture)) { $0["symbol"] = nil }
            guard let (symbol, _, payload) = eventParts(decodeSingle(frame)) else {
                Issue.record("\(fixture) without symbol: \(decodeFrame(frame))")
                continue
            }
            #expect(symbol == "XBTUSDTM", "\(fixture)")
            if case .decodeFailure = payload { Issue.record("\(fixture): failure") }
        }
    }

    @Test func symbolIsRequiredWhenTheTopicNamesNone() {
        let order = WSFixture.text("tradeOrders.symbol.json").replacingOccurrences(of: "tradeOrders:XBTUSDTM", with: "tradeOrders")
        #expect(decodeFailureReason(decodeSingle(editingData(order) { $0["symbol"] = nil })) != nil)
        let patch = WSFixture.text("position.change-markprice.json").replacingOccurrences(of: "/contract/position:XBTUSDM", with: "/contract/positionAll")
        #expect(decodeFailureReason(decodeSingle(patch)) != nil)
        let level2 = WSFixture.text("level2.json").replacingOccurrences(of: "level2:XBTUSDTM", with: "level2:")
        #expect(decodeFailureReason(decodeSingle(level2)) != nil)
        let candle = WSFixture.text("limitCandle.json").replacingOccurrences(of: "XBTUSDTM_1min", with: "XBTUSDTM_3min")
        #expect(decodeFailureReason(decodeSingle(candle)) != nil)
    }

    @Test func depthSnapshotTimestampFallsBackToTs() {
        let frame = editingData(WSFixture.text("level2Depth5.json")) { $0["timestamp"] = nil }
        guard let (_, time, payload) = eventParts(decodeSingle(frame)), case .book = payload else {
            Issue.record("not a book")
            return
        }
        #expect(time == Timestamp(milliseconds: 1_731_680_019_100))
        let neither = editingData(WSFixture.text("level2Depth5.json")) { $0["timestamp"] = nil; $0["ts"] = nil }
        #expect(decodeFailureReason(decodeSingle(neither)) != nil)
    }

    @Test func positionWithoutQuantityIsAPatchNotAFailure() {
        let frame = editingData(WSFixture.text("position.change.json")) { $0["currentQty"] = nil }
        guard case .positionPatch(let patch)? = decodeSingle(frame) else {
            Issue.record("not a patch")
            return
        }
        #expect(patch.leverage == exact("4.9685590767"))
        #expect(patch.liquidationPrice == exact("73853.0426625"))
    }

    @Test func escapedTopicIsMatchedOnItsText() {
        let frame = WSFixture.text("execution.json").replacingOccurrences(of: "/contractMarket/execution:XBTUSDTM", with: #"\/contractMarket\/execution:XBTUSDTM"#)
        guard let (_, _, payload) = eventParts(decodeSingle(frame)), case .trade(let trade) = payload else {
            Issue.record("not a trade: \(decodeFrame(frame))")
            return
        }
        #expect(trade.price == exact("90503.9"))
    }

    static let garbage: [[UInt8]] = {
        let message: [UInt8] = Array(#"{"type":"message","topic":"/a","subject":"b","data":"#.utf8)
        let nested: [UInt8] = Array(#"{"type":"message","topic":"/x","subject":"y","data":"#.utf8)
        let opens: [UInt8] = Array(String(repeating: "[", count: 100).utf8)
        let closes: [UInt8] = Array(String(repeating: "]", count: 100).utf8)
        let brace: [UInt8] = Array("}".utf8)
        var cases: [[UInt8]] = [[], [0xFF, 0xFE], Array("null".utf8)]
        cases.append(Array("{\"type\":\"message\",\"topic\":\"/x\",\"data\":\"\u{1}\"}".utf8))
        cases.append(message + [0xC3, 0x28] + brace)
        cases.append(Array(String(repeating: "[", count: 200).utf8))
        cases.append(nested + opens + closes + brace)
        return cases
    }()

    @Test(arguments: garbage)
    func garbageIsADecodeFailure(bytes: [UInt8]) {
        let message = decodeSingle(bytes)
        #expect(decodeFailureReason(message) != nil, "\(String(describing: message))")
        if case .event(_, _, .decodeFailure(_, let excerpt))? = message { #expect(excerpt.utf8.count <= 256) }
    }

    @Test func randomMutationsGiveOneMessageAndNeverCrash() {
        // Deterministic: byte flips, insertions, deletions and splices of every sample.
        var random = SplitMix64(seed: 0x6B75_636F_696E)
        let samples = WSFixture.names.map { WSFixture.bytes($0) }
        let interesting = Array(#"{}[]",:"0123456789-.eE+ntfu\"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        for round in 0..<20_000 {
            var bytes = samples[round % samples.count]
            for _ in 0...(random.next() % 4) {
                guard !bytes.isEmpty else { break }
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[at] = interesting[Int(random.next() % UInt64(interesting.count))]
                case 1: bytes.insert(interesting[Int(random.next() % UInt64(interesting.count))], at: at)
                case 2: bytes.remove(at: at)
                default:
                    let other = samples[Int(random.next() % UInt64(samples.count))]
                    let from = Int(random.next() % UInt64(other.count))
                    bytes.replaceSubrange(at..<min(bytes.count, at + 8), with: other[from..<min(other.count, from + 8)])
                }
            }
            let output = decodeFrame(bytes)
            #expect(output.count == 1, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func decodingAppendsOneMessagePerFrame() {
        var output: [StreamMessage] = []
        for name in WSFixture.names {
            WSFixture.bytes(name).withUnsafeBytes { KuCoinFuturesDecoder.decode($0, into: &output) }
        }
        #expect(output.count == WSFixture.names.count)
        #expect(output.allSatisfy { decodeFailureReason($0) == nil })
    }

    @Test func everySampleIsCovered() {
        let covered = Set(Self.required.keys).union([
            "control.ack.json", "control.error.json", "control.ping.json", "control.pong.json", "control.subscribe.json",
            "control.unsubscribe.json", "control.welcome.json", "crossLeverage.json", "marginMode.json", "snapshot.json",
        ])
        #expect(Set(WSFixture.names) == covered)
        #expect(WSFixture.names.count == 34)
    }
}

/// A small deterministic generator for the mutation test.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
