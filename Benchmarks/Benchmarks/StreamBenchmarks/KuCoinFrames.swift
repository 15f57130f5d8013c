import ExchangeKit
import ExchangeKitTesting

/// Real KuCoin Futures frames, as the venue sends them (captured samples).
enum KuCoinSamples {
    static let execution = #"{"topic":"/contractMarket/execution:XBTUSDTM","type":"message","subject":"match","sn":1697808800390,"data":{"symbol":"XBTUSDTM","sequence":1697808800390,"side":"sell","size":1,"price":"66968.1","takerOrderId":"178a4e36d1a7ed00011aaa77","makerOrderId":"178a4e36d1a7ed00011aab7d","tradeId":"1697808800390","ts":1697808800390000000}}"#
    static let tickerV2 = #"{"topic":"/contractMarket/tickerV2:XBTUSDTM","type":"message","subject":"tickerV2","sn":1709784330012,"data":{"symbol":"XBTUSDTM","sequence":1709784330012,"bestBidSize":795,"bestBidPrice":"66968.1","bestAskPrice":"66968.2","bestAskSize":1178,"ts":1709784330014000000}}"#
    static let level2 = #"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message","subject":"level2","sn":1709400450243,"data":{"sequence":1709400450243,"change":"90631.2,sell,2","timestamp":1709400450243}}"#
    static let welcome = #"{"id":"hQvf8jkno","type":"welcome"}"#
}

/// A small deterministic generator (SplitMix64), so every run streams the same data.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The synthetic XBTUSDTM book the book benchmarks start from and the loopback benchmark's
/// venue hands out as its snapshot: 500 bids and 500 asks on a 0.1 grid around 66968.15.
enum SyntheticBook {
    static let symbol = "XBTUSDTM"
    /// Prices are counted in ticks of 0.1.
    static let bestBidTicks: Int64 = 669_681   // 66968.1
    static let bestAskTicks: Int64 = 669_682   // 66968.2
    static let levelsPerSide = 500
    /// The snapshot's sequence; the first level2 delta after it is this + 1.
    static let snapshotSequence: Int64 = 1_709_400_450_000

    static func price(ticks: Int64) -> DecimalComponents { DecimalComponents(mantissa: UInt128(ticks), exponent: -1, isNegative: false) }
    static func size(_ lots: Int64) -> DecimalComponents { DecimalComponents(mantissa: UInt128(lots), exponent: 0, isNegative: false) }
    static func priceText(ticks: Int64) -> String { "\(ticks / 10).\(ticks % 10)" }

    static let snapshot: OrderBookSnapshot = {
        var bids: [PriceLevel] = []
        var asks: [PriceLevel] = []
        for level in 0..<Int64(levelsPerSide) {
            let lots = level % 50 + 1
            bids.append(PriceLevel(price: price(ticks: bestBidTicks - level).decimal, size: size(lots).decimal))
            asks.append(PriceLevel(price: price(ticks: bestAskTicks + level).decimal, size: size(lots + 3).decimal))
        }
        return OrderBookSnapshot(symbol: symbol, sequence: snapshotSequence, bids: bids, asks: asks)
    }()
}

/// One level change of the synthetic stream: side, price in ticks, size in lots (0 removes).
struct TickChange {
    var side: BookSide
    var ticks: Int64
    var lots: Int64

    var bookChange: BookChange {
        BookChange(side: side, price: SyntheticBook.price(ticks: ticks), size: SyntheticBook.size(lots))!
    }

    /// KuCoin's `change` text: `price,side,size`.
    var text: String { "\(SyntheticBook.priceText(ticks: ticks)),\(side == .bid ? "buy" : "sell"),\(lots)" }

    /// A realistic stream of changes on the synthetic book: sides alike; 80 % of changes
    /// within 20 ticks of the top, the rest 20–499 ticks out; 25 % removals, otherwise a new
    /// size of 1–500 lots. Bids stay at or below 66968.1 and asks at or above 66968.2, so the
    /// book never crosses, however often the stream is replayed.
    static func stream(count: Int, seed: UInt64 = 42) -> [TickChange] {
        var random = SeededRandom(seed: seed)
        var changes: [TickChange] = []
        changes.reserveCapacity(count)
        for _ in 0..<count {
            let side: BookSide = Bool.random(using: &random) ? .bid : .ask
            let distance = Int64.random(in: 0..<100, using: &random) < 80
                ? Int64.random(in: 0..<20, using: &random)
                : Int64.random(in: 20..<Int64(SyntheticBook.levelsPerSide), using: &random)
            let lots = Int64.random(in: 0..<100, using: &random) < 25 ? 0 : Int64.random(in: 1...500, using: &random)
            let ticks = side == .bid ? SyntheticBook.bestBidTicks - distance : SyntheticBook.bestAskTicks + distance
            changes.append(TickChange(side: side, ticks: ticks, lots: lots))
        }
        return changes
    }
}

/// Builds frame text while remembering where the numbers that are rewritten on every replay sit.
struct FrameText {
    var text = ""
    /// UTF-8 offsets of 13-digit numbers to rewrite.
    var marks: [Int] = []

    mutating func add(_ piece: String) { text += piece }

    mutating func addPatched(_ value: Int64) {
        let digits = String(value)
        precondition(digits.utf8.count == PatchedBatch.digits, "patched numbers have \(PatchedBatch.digits) digits")
        marks.append(text.utf8.count)
        text += digits
    }
}

/// Frame builders for the loopback benchmarks, shaped like the samples above.
enum KuCoinFrameBuilder {
    static let executionBase: Int64 = 1_697_808_800_001
    static let level2Base: Int64 = SyntheticBook.snapshotSequence + 1
    static let tickerBase: Int64 = 1_709_784_330_001

    /// An execution frame whose `sn`, `sequence` and `tradeId` are all `number` (patched on replay).
    static func execution(number: Int64, index: Int, random: inout SeededRandom) -> FrameText {
        let side = Bool.random(using: &random) ? "buy" : "sell"
        let lots = Int64.random(in: 1...40, using: &random)
        let ticks = SyntheticBook.bestBidTicks + Int64.random(in: -3...4, using: &random)
        let taker = hex24(UInt64(index) &* 2_654_435_761 &+ 1)
        let maker = hex24(UInt64(index) &* 40_503 &+ 7)
        var frame = FrameText()
        frame.add(#"{"topic":"/contractMarket/execution:XBTUSDTM","type":"message","subject":"match","sn":"#)
        frame.addPatched(number)
        frame.add(#","data":{"symbol":"XBTUSDTM","sequence":"#)
        frame.addPatched(number)
        frame.add(#","side":"\#(side)","size":\#(lots),"price":"\#(SyntheticBook.priceText(ticks: ticks))","takerOrderId":"\#(taker)","makerOrderId":"\#(maker)","tradeId":""#)
        frame.addPatched(number)
        frame.add(#"","ts":\#(1_697_808_800_390_000_000 + Int64(index) * 1_000)}}"#)
        return frame
    }

    /// A tickerV2 frame (not patched: nothing checks its sequence).
    static func tickerV2(index: Int, random: inout SeededRandom) -> FrameText {
        let bid = SyntheticBook.bestBidTicks - Int64.random(in: 0...2, using: &random)
        let ask = SyntheticBook.bestAskTicks + Int64.random(in: 0...2, using: &random)
        var frame = FrameText()
        let sequence = tickerBase + Int64(index)
        frame.add(#"{"topic":"/contractMarket/tickerV2:XBTUSDTM","type":"message","subject":"tickerV2","sn":\#(sequence),"data":{"symbol":"XBTUSDTM","sequence":\#(sequence),"bestBidSize":\#(Int.random(in: 1...2_000, using: &random)),"bestBidPrice":"\#(SyntheticBook.priceText(ticks: bid))","bestAskPrice":"\#(SyntheticBook.priceText(ticks: ask))","bestAskSize":\#(Int.random(in: 1...2_000, using: &random)),"ts":\#(1_709_784_330_014_000_000 + Int64(index) * 1_000)}}"#)
        return frame
    }

    /// A level2 frame whose `sn` and `sequence` are `number` (patched on replay).
    static func level2(number: Int64, change: TickChange) -> FrameText {
        var frame = FrameText()
        frame.add(#"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message","subject":"level2","sn":"#)
        frame.addPatched(number)
        frame.add(#","data":{"sequence":"#)
        frame.addPatched(number)
        frame.add(#","change":"\#(change.text)","timestamp":\#(number - 1_709_400_450_000 + 1_709_400_450_243)}}"#)
        return frame
    }

    static func hex24(_ seed: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var value = seed &* 0x9E37_79B9_7F4A_7C15
        var bytes: [UInt8] = []
        for index in 0..<24 {
            if index == 12 { value = value &* 0xBF58_476D_1CE4_E5B9 &+ 1 }
            bytes.append(digits[Int(value & 15)])
            value >>= 4
            if value == 0 { value = seed &+ UInt64(index) &+ 0x1234_5678 }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A batch of prebuilt WebSocket frames, replayed over and over with its sequence numbers and
/// trade ids rewritten in place each time so that they keep counting up across replays
/// (executions and level2 deltas each contiguous, as the venue sends them).
struct PatchedBatch: Sendable {
    static let digits = 13

    enum Kind: Int { case execution = 0, level2 = 1 }

    struct Patch {
        var offset: Int
        var kind: Kind
        /// The frame's index among the batch's frames of its kind.
        var ordinal: Int
    }

    private(set) var bytes: [UInt8]
    let frameCount: Int
    /// Frames per kind in one batch: executions, level2 deltas, tickers.
    let executions: Int
    let level2: Int
    let tickers: Int
    private let patches: [Patch]
    private var replay: Int64 = 0

    /// A batch of `frameCount` frames with the given shares (in per cent) of executions,
    /// tickers and level2 deltas, in a fixed shuffled order; the level2 changes follow
    /// ``TickChange/stream(count:seed:)``.
    init(frameCount: Int, executionPercent: Int, tickerPercent: Int, level2Percent: Int) {
        precondition(executionPercent + tickerPercent + level2Percent == 100)
        executions = frameCount * executionPercent / 100
        tickers = frameCount * tickerPercent / 100
        level2 = frameCount - executions - tickers
        self.frameCount = frameCount
        var kinds = [Int](repeating: 0, count: executions) + [Int](repeating: 1, count: level2) + [Int](repeating: 2, count: tickers)
        var random = SeededRandom(seed: 7)
        kinds.shuffle(using: &random)
        let changes = TickChange.stream(count: level2, seed: 11)
        var bytes: [UInt8] = []
        var patches: [Patch] = []
        var counts = [0, 0, 0]
        for (index, kind) in kinds.enumerated() {
            let ordinal = counts[kind]
            counts[kind] += 1
            let frame: FrameText
            switch kind {
            case 0: frame = KuCoinFrameBuilder.execution(number: KuCoinFrameBuilder.executionBase + Int64(ordinal), index: index, random: &random)
            case 1: frame = KuCoinFrameBuilder.level2(number: KuCoinFrameBuilder.level2Base + Int64(ordinal), change: changes[ordinal])
            default: frame = KuCoinFrameBuilder.tickerV2(index: index, random: &random)
            }
            let framed = ScriptedWebSocketConnection.frame(text: frame.text)
            let payloadStart = bytes.count + framed.count - frame.text.utf8.count
            for mark in frame.marks {
                patches.append(Patch(offset: payloadStart + mark, kind: kind == 0 ? .execution : .level2, ordinal: ordinal))
            }
            bytes.append(contentsOf: framed)
        }
        self.bytes = bytes
        self.patches = patches
    }

    /// The first sequence of each kind in the next replay.
    func base(_ kind: Kind) -> Int64 {
        switch kind {
        case .execution: KuCoinFrameBuilder.executionBase + replay * Int64(executions)
        case .level2: KuCoinFrameBuilder.level2Base + replay * Int64(level2)
        }
    }

    /// Rewrites the numbers for the next replay; call before every send but the first.
    mutating func advance() {
        replay += 1
        let executionBase = base(.execution)
        let level2Base = base(.level2)
        bytes.withUnsafeMutableBufferPointer { buffer in
            for patch in patches {
                var value = (patch.kind == .execution ? executionBase : level2Base) + Int64(patch.ordinal)
                var index = patch.offset + PatchedBatch.digits - 1
                while index >= patch.offset {
                    buffer[index] = UInt8(truncatingIfNeeded: value % 10) &+ UInt8(ascii: "0")
                    value /= 10
                    index -= 1
                }
            }
        }
    }
}
