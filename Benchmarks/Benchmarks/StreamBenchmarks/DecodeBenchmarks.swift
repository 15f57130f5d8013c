import Benchmark
import ExchangeKit
import KuCoinFutures
import Synchronization

/// A frame's bytes in an allocation that lives as long as the process: the measured loop
/// does no copying and no `withUnsafeBytes` per frame.
final class FrameBytes: @unchecked Sendable {
    let buffer: UnsafeRawBufferPointer

    init(_ text: String) {
        let bytes = Array(text.utf8)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        storage.copyBytes(from: bytes)
        buffer = UnsafeRawBufferPointer(storage)
    }

    deinit { buffer.deallocate() }
}

/// Checks, once per process and outside any measurement, that the bench venue reads control
/// frames, out-of-order members and bad frames as a real venue plugin must.
func checkVenueDecoding(_ venue: BenchKuCoinFuturesVenue) {
    func decode(_ text: String) -> [StreamMessage] {
        var output: [StreamMessage] = []
        Array(text.utf8).withUnsafeBytes { venue.decode(text: $0, into: &output) }
        return output
    }
    func expect(_ text: String, _ what: String, _ check: (StreamMessage) -> Bool) {
        let output = decode(text)
        precondition(output.count == 1 && check(output[0]), "bench venue: \(what): decoded \(output) from \(text)")
    }
    expect(KuCoinSamples.welcome, "welcome") { if case .welcome = $0 { true } else { false } }
    expect(#"{"id":"0.1.3","type":"ack"}"#, "ack") { if case .ack("0.1.3") = $0 { true } else { false } }
    expect(#"{"id":"0.1.4","type":"pong","timestamp":1709400450243}"#, "pong") { if case .pong = $0 { true } else { false } }
    expect(#"{"id":"0.1.5","type":"error","code":404,"data":"topic /contractMarket/level2:NOPE does not exist"}"#, "error") {
        if case .requestFailed("0.1.5", "404", let message) = $0 { message.hasSuffix("does not exist") } else { false }
    }
    expect(#"{"type":"message","data":{"sequence":7,"change":"90631.2,buy,0","timestamp":1709400450243},"subject":"level2","topic":"/contractMarket/level2:XBTUSDTM"}"#,
           "data before topic") {
        if case .bookDelta(let delta) = $0 { delta.sequence == .single(7) && delta.changes.first?.side == .bid && delta.changes.first?.size == 0 } else { false }
    }
    expect(#"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message","subject":"level2","data":{"sequence":8,"change":"90631.2,up,1"}}"#, "bad side") {
        if case .event(_, _, .decodeFailure) = $0 { true } else { false }
    }
    expect(#"{"topic":"/contractMarket/execution:XBTUSDTM","type":"message","data":{"price":"1"}}"#, "missing fields") {
        if case .event(_, _, .decodeFailure) = $0 { true } else { false }
    }
    expect(#"{"topic":"/contractMarket/execution:XBTUSDTM","type":"message","data":{"price":"1",}}"#, "bad JSON") {
        if case .event(_, _, .decodeFailure) = $0 { true } else { false }
    }
    expect(#"{"topic":"/contractMarket/candle:XBTUSDTM_1min","type":"message","subject":"candle.stick","data":{"candles":[]}}"#, "unmapped topic") {
        if case .event(_, _, .unhandled(let topic, "candle.stick")) = $0 { topic.hasPrefix("/contractMarket/candle") } else { false }
    }
}

/// (a) `BenchKuCoinFuturesVenue.decode(text:into:)` of one real frame, over and over.
func decodeBenchmarks() {
    let venue = BenchKuCoinFuturesVenue()
    checkVenueDecoding(venue)
    let frames: [(name: String, text: String, check: (StreamMessage) -> Bool)] = [
        ("execution → Trade", KuCoinSamples.execution, { message in
            guard case .event(_, _, .trade(let trade)) = message else { return false }
            return trade.tradeID == "1697808800390" && trade.side == .sell && trade.price.description == "66968.1"
                && trade.takerOrderID == "178a4e36d1a7ed00011aaa77" && trade.timestamp?.nanoseconds == 1_697_808_800_390_000_000
        }),
        ("tickerV2 → Ticker", KuCoinSamples.tickerV2, { message in
            guard case .event(_, _, .ticker(let ticker)) = message else { return false }
            return ticker.bid.description == "66968.1" && ticker.ask.description == "66968.2" && ticker.askSize == 1178
        }),
        ("level2 → BookDelta", KuCoinSamples.level2, { message in
            guard case .bookDelta(let delta) = message else { return false }
            return delta.sequence == .single(1_709_400_450_243) && delta.changes.count == 1 && delta.changes[0].side == .ask
                && delta.changes[0].price.description == "90631.2" && delta.changes[0].size == 2
        }),
    ]
    // The benchmarks' own venue, and the KuCoinFutures plugin's decoder (what a user runs).
    let decoders: [(prefix: String, decode: @Sendable (UnsafeRawBufferPointer, inout [StreamMessage]) -> Void)] = [
        ("Frame decode: KuCoin", { venue.decode(text: $0, into: &$1) }),
        ("Frame decode (KuCoinFutures plugin):", { KuCoinFuturesDecoder.decode($0, into: &$1) }),
    ]
    for decoder in decoders {
        for frame in frames {
            let bytes = FrameBytes(frame.text)
            // Checked once, outside any measurement: the frame decodes to what it says.
            var output: [StreamMessage] = []
            decoder.decode(bytes.buffer, &output)
            precondition(output.count == 1 && frame.check(output[0]), "\(decoder.prefix) \(frame.name): decoded \(output)")

            Benchmark("\(decoder.prefix) \(frame.name)", configuration: .init(scalingFactor: .kilo)) { benchmark in
                var output: [StreamMessage] = []
                output.reserveCapacity(4)
                let buffer = bytes.buffer
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    output.removeAll(keepingCapacity: true)
                    decoder.decode(buffer, &output)
                    blackHole(output)
                }
                benchmark.stopMeasurement()
                if output.count != 1 { benchmark.error("decoded \(output.count) messages") }
            }
        }
    }
}

/// The book benchmarks' prebuilt inputs: 2^17 changes (replayed, the loop picks one with a
/// mask), the same as single-change deltas, and the starting book. A lazy global, so only the
/// processes that run a book benchmark build them (the loopback benchmarks' peak RSS would
/// otherwise include them).
struct BookInputs: Sendable {
    static let changeCount = 1 << 17
    let changes: [BookChange]
    /// One delta per change, as KuCoin Futures sends them; the benchmarks set the sequence per
    /// delta so it stays contiguous however often the prebuilt deltas are replayed.
    let deltas: [BookDelta]
    let startBook: OrderBook

    init() {
        let ticks = TickChange.stream(count: Self.changeCount)
        let removals = ticks.filter { $0.lots == 0 }.count
        let nearTop = ticks.filter { ($0.side == .bid ? SyntheticBook.bestBidTicks - $0.ticks : $0.ticks - SyntheticBook.bestAskTicks) < 20 }.count
        precondition(abs(removals * 100 / Self.changeCount - 25) <= 1 && abs(nearTop * 100 / Self.changeCount - 80) <= 1,
                     "the change stream is not the one described")
        changes = ticks.map(\.bookChange)
        deltas = changes.map {
            BookDelta(symbol: SyntheticBook.symbol, sequence: .single(0), changes: [$0], timestamp: Timestamp(milliseconds: 1_709_400_450_243))
        }
        startBook = try! OrderBook(snapshot: SyntheticBook.snapshot)
    }
}

let bookInputs = BookInputs()

/// (b) The order book and its synchroniser over a realistic stream of level changes.
func bookBenchmarks() {
    let changeCount = BookInputs.changeCount
    Benchmark("Order book: OrderBook.apply(BookChange), 1,000-level book", configuration: .init(scalingFactor: .mega)) { benchmark in
        let changes = bookInputs.changes
        var book = bookInputs.startBook
        let mask = changeCount - 1
        benchmark.startMeasurement()
        changes.withUnsafeBufferPointer { changes in
            for index in benchmark.scaledIterations {
                book.apply(changes[index & mask])
            }
        }
        benchmark.stopMeasurement()
        blackHole(book)
        if book.isCrossed || book.bidCount < 100 || book.askCount < 100 {
            benchmark.error("book went wrong: \(book.bidCount) bids, \(book.askCount) asks, crossed \(book.isCrossed)")
        }
    }

    Benchmark("Order book: BookSynchronizer.receive, contiguous single-change deltas", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let deltas = bookInputs.deltas
        var synchronizer = BookSynchronizer(symbol: SyntheticBook.symbol, rule: .contiguous)
        var outputs: [BookSynchronizer.Output] = []
        outputs.reserveCapacity(4)
        synchronizer.start(into: &outputs)
        outputs.removeAll()
        do {
            try synchronizer.apply(snapshot: SyntheticBook.snapshot, into: &outputs)
        } catch {
            benchmark.error("snapshot: \(error)")
            return
        }
        var sequence = SyntheticBook.snapshotSequence
        let mask = changeCount - 1
        var updates = 0
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            var delta = deltas[index & mask]
            sequence += 1
            delta.sequence = .single(sequence)
            outputs.removeAll(keepingCapacity: true)
            synchronizer.receive(delta, into: &outputs)
            updates += outputs.count
        }
        benchmark.stopMeasurement()
        blackHole(outputs)
        if updates != benchmark.scaledIterations.count || !synchronizer.isSynchronized {
            benchmark.error("\(updates) outputs for \(benchmark.scaledIterations.count) deltas; synchronized: \(synchronizer.isSynchronized)")
        }
    }

    // The synchroniser held in a dictionary under a lock, as FeedRunner keeps its books.
    // FeedRunner.receive (FeedRunner+Session.swift) takes it out of the dictionary while it feeds
    // the delta (since 302c27d). Before, it copied it out and wrote it back: while the copy is
    // out, the dictionary still references the book's arrays, so the first write to them copies
    // the whole side. Mutating through the dictionary's subscript is the third way.
    enum Access: CaseIterable { case copyOutAndBack, inPlace, takeOutAndBack }
    for access in Access.allCases {
        let name = switch access {
        case .copyOutAndBack: "Order book: BookSynchronizer.receive copied out of a locked dictionary and back, as FeedRunner did before 302c27d (diagnostic)"
        case .inPlace: "Order book: BookSynchronizer.receive in place via books[symbol]?.receive (diagnostic)"
        case .takeOutAndBack: "Order book: BookSynchronizer.receive taken out of a locked dictionary and back, as FeedRunner does"
        }
        Benchmark(name, configuration: .init(scalingFactor: .kilo)) { benchmark in
            let deltas = bookInputs.deltas
            var synchronizer = BookSynchronizer(symbol: SyntheticBook.symbol, rule: .contiguous)
            var outputs: [BookSynchronizer.Output] = []
            outputs.reserveCapacity(4)
            synchronizer.start(into: &outputs)
            outputs.removeAll()
            do {
                try synchronizer.apply(snapshot: SyntheticBook.snapshot, into: &outputs)
            } catch {
                benchmark.error("snapshot: \(error)")
                return
            }
            let books = Mutex<[String: BookSynchronizer]>([SyntheticBook.symbol: synchronizer])
            synchronizer = BookSynchronizer(symbol: "", rule: .contiguous)
            var sequence = SyntheticBook.snapshotSequence
            let mask = changeCount - 1
            var updates = 0
            benchmark.startMeasurement()
            for index in benchmark.scaledIterations {
                var delta = deltas[index & mask]
                sequence += 1
                delta.sequence = .single(sequence)
                outputs.removeAll(keepingCapacity: true)
                books.withLock { books in
                    switch access {
                    case .copyOutAndBack:
                        guard var synchronizer = books[delta.symbol] else { return }
                        synchronizer.receive(delta, into: &outputs)
                        books[delta.symbol] = synchronizer
                    case .inPlace:
                        books[delta.symbol]?.receive(delta, into: &outputs)
                    case .takeOutAndBack:
                        guard var synchronizer = books.removeValue(forKey: delta.symbol) else { return }
                        synchronizer.receive(delta, into: &outputs)
                        books[delta.symbol] = synchronizer
                    }
                }
                updates += outputs.count
            }
            benchmark.stopMeasurement()
            blackHole(outputs)
            if updates != benchmark.scaledIterations.count {
                benchmark.error("\(updates) outputs for \(benchmark.scaledIterations.count) deltas")
            }
        }
    }
}
