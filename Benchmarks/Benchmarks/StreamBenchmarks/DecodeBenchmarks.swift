import Benchmark
import ExchangeKit

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

/// (a) `BenchKuCoinFuturesVenue.decode(text:into:)` of one real frame, over and over.
func decodeBenchmarks() {
    let venue = BenchKuCoinFuturesVenue()
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
    for frame in frames {
        let bytes = FrameBytes(frame.text)
        // Checked once, outside any measurement: the frame decodes to what it says.
        var output: [StreamMessage] = []
        venue.decode(text: bytes.buffer, into: &output)
        precondition(output.count == 1 && frame.check(output[0]), "\(frame.name): decoded \(output)")

        Benchmark("Frame decode: KuCoin \(frame.name)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            var output: [StreamMessage] = []
            output.reserveCapacity(4)
            let buffer = bytes.buffer
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                output.removeAll(keepingCapacity: true)
                venue.decode(text: buffer, into: &output)
                blackHole(output)
            }
            benchmark.stopMeasurement()
            if output.count != 1 { benchmark.error("decoded \(output.count) messages") }
        }
    }
}

/// (b) The order book and its synchroniser over a realistic stream of level changes.
func bookBenchmarks() {
    // 2^17 prebuilt changes, replayed: the loop picks one with a mask.
    let changeCount = 1 << 17
    let ticks = TickChange.stream(count: changeCount)
    let changes = ticks.map(\.bookChange)
    let removals = ticks.filter { $0.lots == 0 }.count
    let nearTop = ticks.filter { ($0.side == .bid ? SyntheticBook.bestBidTicks - $0.ticks : $0.ticks - SyntheticBook.bestAskTicks) < 20 }.count
    precondition(abs(removals * 100 / changeCount - 25) <= 1 && abs(nearTop * 100 / changeCount - 80) <= 1, "the change stream is not the one described")
    let startBook = try! OrderBook(snapshot: SyntheticBook.snapshot)

    Benchmark("Order book: OrderBook.apply(BookChange), 1,000-level book", configuration: .init(scalingFactor: .mega)) { benchmark in
        var book = startBook
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

    // One delta per change, as KuCoin Futures sends them; the sequence is set per delta so
    // it stays contiguous however often the prebuilt deltas are replayed.
    let deltas = changes.map { BookDelta(symbol: SyntheticBook.symbol, sequence: .single(0), changes: [$0], timestamp: Timestamp(milliseconds: 1_709_400_450_243)) }
    Benchmark("Order book: BookSynchronizer.receive, contiguous single-change deltas", configuration: .init(scalingFactor: .kilo)) { benchmark in
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
}
