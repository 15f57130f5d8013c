import ExchangeKit
import Foundation
import Testing

@Suite("Book synchroniser")
struct BookSynchronizerTests {
    func delta(_ sequence: Int64, _ changes: BookChange...) -> BookDelta {
        BookDelta(symbol: "XBTUSDTM", sequence: .single(sequence), changes: changes)
    }

    func chained(_ first: Int64, _ last: Int64, _ previous: Int64, _ changes: BookChange...) -> BookDelta {
        BookDelta(symbol: "BTCUSDT", sequence: .chained(first: first, last: last, previous: previous), changes: changes)
    }

    func updates(_ outputs: [BookSynchronizer.Output]) -> [BookUpdate] {
        outputs.compactMap { if case .update(let update) = $0 { update } else { nil } }
    }

    let snapshot = OrderBookSnapshot(symbol: "XBTUSDTM", sequence: 100, bids: [level("99", "1")], asks: [level("101", "1")])

    @Test("contiguous: deltas before the snapshot are buffered, old ones skipped, the rest replayed in order")
    func contiguousReplay() throws {
        var sync = BookSynchronizer(symbol: "XBTUSDTM", rule: .contiguous)
        var out: [BookSynchronizer.Output] = []
        sync.receive(delta(99, change(.bid, "98", "5")), into: &out)
        #expect(out == [.needSnapshot])
        sync.receive(delta(100, change(.bid, "97", "5")), into: &out)
        sync.receive(delta(101, change(.ask, "102", "2")), into: &out)
        sync.receive(delta(102, change(.bid, "99", "0")), into: &out)
        out.removeAll()
        try sync.apply(snapshot: snapshot, into: &out)
        let emitted = updates(out)
        #expect(emitted.map(\.action) == [.snapshot, .delta, .delta])
        #expect(emitted.map(\.sequence) == [100, 101, 102])
        #expect(sync.book?.bids() == [])
        #expect(sync.book?.asks() == [level("101", "1"), level("102", "2")])
        out.removeAll()
        sync.receive(delta(102, change(.bid, "50", "1")), into: &out)  // duplicate: ignored
        #expect(out.isEmpty)
        sync.receive(delta(103, change(.bid, "100", "1")), into: &out)
        #expect(updates(out).map(\.sequence) == [103])
    }

    @Test("contiguous: a gap emits gap, discards the book and resyncs from a new snapshot")
    func contiguousGap() throws {
        var sync = BookSynchronizer(symbol: "XBTUSDTM", rule: .contiguous)
        var out: [BookSynchronizer.Output] = []
        sync.start(into: &out)
        try sync.apply(snapshot: snapshot, into: &out)
        out.removeAll()
        sync.receive(delta(101, change(.bid, "99.5", "1")), into: &out)
        sync.receive(delta(103, change(.bid, "99.6", "1")), into: &out)
        #expect(out.suffix(2) == [.gap(expected: 102, received: 103), .needSnapshot])
        #expect(!sync.isSynchronized)
        sync.receive(delta(104, change(.ask, "100.5", "1")), into: &out)
        out.removeAll()
        let fresh = OrderBookSnapshot(symbol: "XBTUSDTM", sequence: 103, bids: [level("99.6", "1")], asks: [level("101", "1")])
        try sync.apply(snapshot: fresh, into: &out)
        #expect(out.first == .resynced)
        #expect(updates(out).map(\.sequence) == [103, 104])
        #expect(sync.book?.bestAsk == level("100.5", "1"))
    }

    @Test("a snapshot that does not reach the buffered deltas asks for another")
    func staleSnapshot() throws {
        var sync = BookSynchronizer(symbol: "XBTUSDTM", rule: .contiguous)
        var out: [BookSynchronizer.Output] = []
        sync.receive(delta(105, change(.bid, "1", "1")), into: &out)
        out.removeAll()
        try sync.apply(snapshot: snapshot, into: &out)   // sequence 100: 101...104 are missing
        #expect(out == [.gap(expected: 101, received: 105), .needSnapshot])
        #expect(!sync.isSynchronized)
    }

    @Test("reset forgets the old book: no ghost levels after a reconnect")
    func resetNoGhosts() throws {
        var sync = BookSynchronizer(symbol: "XBTUSDTM", rule: .contiguous)
        var out: [BookSynchronizer.Output] = []
        sync.start(into: &out)
        try sync.apply(snapshot: snapshot, into: &out)
        sync.receive(delta(101, change(.bid, "95", "9")), into: &out)   // a level the new snapshot will not have
        out.removeAll()
        sync.reset(into: &out)
        #expect(out == [.needSnapshot])
        sync.receive(delta(201, change(.ask, "103", "1")), into: &out)
        out.removeAll()
        try sync.apply(snapshot: OrderBookSnapshot(symbol: "XBTUSDTM", sequence: 200, bids: [level("98", "2")], asks: [level("102", "1")]), into: &out)
        #expect(out.first == .resynced)
        #expect(sync.book?.bids() == [level("98", "2")])
        #expect(sync.book?.asks() == [level("102", "1"), level("103", "1")])
    }

    @Test("a crossed book is reported and resynced")
    func crossed() throws {
        var sync = BookSynchronizer(symbol: "XBTUSDTM", rule: .contiguous)
        var out: [BookSynchronizer.Output] = []
        sync.start(into: &out)
        try sync.apply(snapshot: snapshot, into: &out)
        out.removeAll()
        sync.receive(delta(101, change(.bid, "101", "1")), into: &out)
        #expect(out == [.crossed, .needSnapshot])
        #expect(!sync.isSynchronized)
    }

    @Test("ranged (KuCoin Spot): level sequences older than the book are skipped, continuity by range")
    func ranged() throws {
        var sync = BookSynchronizer(symbol: "BTC-USDT", rule: .ranged)
        var out: [BookSynchronizer.Output] = []
        func ranged(_ first: Int64, _ last: Int64, _ changes: BookChange...) -> BookDelta {
            BookDelta(symbol: "BTC-USDT", sequence: .range(first: first, last: last), changes: changes)
        }
        sync.receive(ranged(98, 101, change(.bid, "99", "4", sequence: 99), change(.ask, "101", "3", sequence: 101)), into: &out)
        sync.receive(ranged(102, 102, change(.ask, "102", "1", sequence: 102)), into: &out)
        out.removeAll()
        try sync.apply(snapshot: OrderBookSnapshot(symbol: "BTC-USDT", sequence: 100, bids: [level("99", "1")], asks: [level("101", "1")]), into: &out)
        #expect(updates(out).map(\.sequence) == [100, 101, 102])
        #expect(sync.book?.bestBid == level("99", "1"))     // level sequence 99 ≤ 100: already in the snapshot
        #expect(sync.book?.bestAsk == level("101", "3"))
        out.removeAll()
        sync.receive(ranged(104, 105, change(.bid, "98", "1", sequence: 105)), into: &out)
        #expect(out.first == .gap(expected: 103, received: 104))
    }

    @Test("chained (Binance): the first delta spans the snapshot id, then each pu equals the previous u")
    func chained() throws {
        var sync = BookSynchronizer(symbol: "BTCUSDT", rule: .chained)
        var out: [BookSynchronizer.Output] = []
        sync.receive(chained(90, 95, 89, change(.bid, "1", "1")), into: &out)          // u < lastUpdateId: dropped
        sync.receive(chained(96, 104, 95, change(.bid, "99.5", "2")), into: &out)     // spans 100: first applied
        sync.receive(chained(105, 110, 104, change(.ask, "100.5", "1")), into: &out)
        out.removeAll()
        try sync.apply(snapshot: OrderBookSnapshot(symbol: "BTCUSDT", sequence: 100, bids: [level("99", "1")], asks: [level("101", "1")]), into: &out)
        #expect(updates(out).map(\.sequence) == [100, 104, 110])
        #expect(sync.book?.bestBid == level("99.5", "2"))
        out.removeAll()
        sync.receive(chained(112, 115, 111, change(.ask, "100.6", "1")), into: &out)  // pu 111 ≠ 110
        #expect(out.first == .gap(expected: 110, received: 111))
    }

    @Test("chained (Binance): a snapshot applied before any delta arrived still takes a first delta that spans its id")
    func chainedSnapshotFirst() throws {
        var sync = BookSynchronizer(symbol: "BTCUSDT", rule: .chained)
        var out: [BookSynchronizer.Output] = []
        sync.start(into: &out)
        try sync.apply(snapshot: OrderBookSnapshot(symbol: "BTCUSDT", sequence: 100, bids: [level("99", "1")], asks: [level("101", "1")]), into: &out)
        out.removeAll()
        sync.receive(chained(90, 99, 89, change(.bid, "1", "1")), into: &out)          // u < lastUpdateId: dropped
        sync.receive(chained(96, 104, 95, change(.bid, "99.5", "2")), into: &out)     // spans 100, pu 95: the first, applied
        sync.receive(chained(105, 110, 104, change(.ask, "100.5", "1")), into: &out)  // chained by pu from now on
        #expect(updates(out).map(\.sequence) == [104, 110] && !out.contains(.needSnapshot))
        #expect(sync.book?.bestBid == level("99.5", "2"))
        out.removeAll()
        sync.receive(chained(112, 115, 111, change(.ask, "100.6", "1")), into: &out)  // pu 111 ≠ 110
        #expect(out.first == .gap(expected: 110, received: 111))
        out.removeAll()
        try sync.apply(snapshot: OrderBookSnapshot(symbol: "BTCUSDT", sequence: 120, bids: [level("99", "1")], asks: [level("101", "1")]), into: &out)
        out.removeAll()
        sync.receive(chained(125, 130, 124, change(.bid, "98", "1")), into: &out)     // starts after 121: a gap, not applied
        #expect(out.first == .gap(expected: 121, received: 125))
    }

    @Test("after a resync the book equals the snapshot plus the later deltas exactly")
    func bookFromEvents() throws {
        var sync = BookSynchronizer(symbol: "X", rule: .contiguous)
        var out: [BookSynchronizer.Output] = []
        sync.start(into: &out)
        try sync.apply(snapshot: snapshot, into: &out)
        for sequence in Int64(101)...200 {
            sync.receive(delta(sequence, change(sequence % 2 == 0 ? .bid : .ask, sequence % 2 == 0 ? "9\(sequence % 7)" : "10\(sequence % 9 + 1)", "\(sequence % 3)")), into: &out)
        }
        // A consumer that only sees the emitted updates rebuilds the same book.
        var rebuilt = OrderBook(symbol: "X")
        for update in updates(out) { try rebuilt.apply(update) }
        #expect(rebuilt.bids() == sync.book?.bids())
        #expect(rebuilt.asks() == sync.book?.asks())
        #expect(rebuilt.sequence == 200)
    }
}
