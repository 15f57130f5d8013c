import ExchangeKit

/// The book fault checks: what a venue's synchronised book does with reconnects, gaps,
/// duplicates, reordering and crossing. Each ends by rebuilding the book from the events a
/// consumer saw and comparing it with the venue's state, level by level.
enum BookFaultChecks {
    static let all = [noGhostLevels, gap, duplicate, outOfOrder, crossed]

    static let noGhostLevels = ConformanceCheck(.faults, "no-ghost-levels", "after a reconnect the book is the new snapshot plus later deltas exactly: no level from before the drop survives") { context in
        try await book(context) { h, events, first in
            try await first.sendBatch([h.delta(101, .bid, "95", "9"), h.delta(102, .ask, "105", "9")])
            try await events.wait(for: "the ghost levels applied", timeout: .seconds(15)) { $0.bookUpdates.contains { $0.sequence == 102 } }
            h.server.setSnapshot(h.snapshot(300, bids: [("98", "2")], asks: [("102", "2")]))
            first.abort()
            let second = try await h.server.ws.waitForConnections(2, timeout: .seconds(15))[1]
            try await h.server.waitForTopics(1, on: second)
            try await events.wait(for: "the new snapshot", timeout: .seconds(15)) { $0.bookUpdates.contains { $0.sequence == 300 } }
            try await second.sendBatch([h.delta(301, .bid, "98", "3"), h.delta(302, .ask, "103", "1")])
            return (302, [("98", "3")], [("102", "2"), ("103", "1")])
        }
    }

    static let gap = ConformanceCheck(.faults, "sequence-gap", "a missing delta emits gap(expected, received), the book resynchronises from a new snapshot and only later deltas apply") { context in
        try await book(context) { h, events, first in
            try await first.send(text: h.delta(101, .bid, "99.5", "2"))
            try await events.wait(for: "delta 101", timeout: .seconds(15)) { $0.bookUpdates.contains { $0.sequence == 101 } }
            // The venue's state at 103: the lost 102 set bid 99 to 4, and 103 is in it too.
            h.server.setSnapshot(h.snapshot(103, bids: [("99.5", "2"), ("99", "4")], asks: [("100.5", "3"), ("101", "1")]))
            try await first.sendBatch([h.delta(103, .ask, "100.5", "3"), h.delta(104, .bid, "98", "1")])
            let seen = try await events.wait(for: "resynced", timeout: .seconds(15)) { $0.count("resynced") >= 1 }
            // What `expected` and `received` hold follows the venue's sequence rule (KuCoin: sequences, Binance: `pu`).
            try require(seen.count("gap") >= 1, "no gap event for a missing delta: \(seen.kinds())")
            return (104, [("99.5", "2"), ("99", "4"), ("98", "1")], [("100.5", "3"), ("101", "1")])
        }
    }

    static let duplicate = ConformanceCheck(.faults, "duplicate-delta", "a delta received twice applies once: no gap, no resync, no second update") { context in
        try await book(context) { h, events, first in
            try await first.sendBatch([h.delta(101, .bid, "99.5", "2"), h.delta(101, .bid, "99.5", "2"), h.delta(102, .ask, "100.5", "3")])
            let seen = try await events.wait(for: "delta 102", timeout: .seconds(15)) { $0.bookUpdates.contains { $0.sequence == 102 } }
            let deltas = seen.bookUpdates.filter { $0.action == .delta }.map(\.sequence)
            try require(deltas == [101, 102], "delta updates \(deltas), expected [101, 102]")
            try require(seen.count("gap") == 0 && seen.count("resynced") == 0, "a duplicate caused \(seen.kinds())")
            return (102, [("99.5", "2"), ("99", "1")], [("100.5", "3"), ("101", "1")])
        }
    }

    static let outOfOrder = ConformanceCheck(.faults, "out-of-order-delta", "deltas out of order never move a book backwards: the book resynchronises and ends exactly at the venue's state") { context in
        try await book(context) { h, events, first in
            try await first.send(text: h.delta(101, .bid, "99.5", "2"))
            try await events.wait(for: "delta 101", timeout: .seconds(15)) { $0.bookUpdates.contains { $0.sequence == 101 } }
            // The venue's state at 103 holds 102 and 103, so a client that reorders and one that resyncs end alike.
            h.server.setSnapshot(h.snapshot(103, bids: [("99.5", "2"), ("99", "1"), ("97", "7")], asks: [("100", "5"), ("101", "1")]))
            try await first.sendBatch([h.delta(103, .ask, "100", "5"), h.delta(102, .bid, "97", "7"), h.delta(104, .bid, "98", "1")])
            let seen = try await events.wait(for: "delta 104", timeout: .seconds(15)) { $0.bookUpdates.contains { $0.sequence == 104 } }
            var last: Int64 = .min
            var afterSnapshot = false
            for update in seen.bookUpdates {
                if update.action == .snapshot { last = update.sequence; afterSnapshot = true; continue }
                // The first delta after a snapshot may be the one the snapshot ends on (Binance's overlap rule).
                try require(update.sequence > last || (afterSnapshot && update.sequence == last), "delta \(update.sequence) applied after \(last)")
                last = update.sequence
                afterSnapshot = false
            }
            return (104, [("99.5", "2"), ("99", "1"), ("98", "1"), ("97", "7")], [("100", "5"), ("101", "1")])
        }
    }

    static let crossed = ConformanceCheck(.faults, "crossed-book", "a delta that crosses the book (best bid ≥ best ask) emits crossed_book and a resync from a new snapshot") { context in
        try await book(context) { h, events, first in
            h.server.setSnapshot(h.snapshot(101, bids: [("99", "1")], asks: [("101", "1")]))
            try await first.send(text: h.delta(101, .bid, "102", "1"))
            let seen = try await events.wait(for: "crossed_book and resynced", timeout: .seconds(15)) {
                $0.count("crossed_book") >= 1 && $0.count("resynced") >= 1
            }
            try require(seen.bookUpdates.filter { $0.action == .snapshot }.count >= 2, "no new snapshot after the crossing")
            try await first.send(text: h.delta(102, .ask, "100.5", "2"))
            return (102, [("99", "1")], [("100.5", "2"), ("101", "1")])
        }
    }

    /// The expected end of a book check: the last sequence, and the book's bids and asks, best first.
    typealias Expected = (sequence: Int64, bids: [(String, String)], asks: [(String, String)])

    /// Streams a synchronised book from snapshot 100 (bid 99×1, ask 101×1), runs `script`,
    /// waits for its last sequence and compares the book rebuilt from the events since the
    /// last snapshot with what it expects.
    static func book(
        _ context: ConformanceContext,
        _ script: @escaping @Sendable (StreamHarness, EventCollector, ScriptedWebSocketConnection) async throws -> Expected
    ) async throws {
        try await StreamHarness.with(context) { h in
            h.server.script()
            h.server.setSnapshot(h.snapshot(100, bids: [("99", "1")], asks: [("101", "1")]))
            try await withFeed(h.venue, [.book(h.symbol)], configuration: StreamHarness.configuration) { _, events in
                let first = try await h.server.ws.waitForConnections(1, timeout: .seconds(10))[0]
                try await h.server.waitForTopics(1, on: first)
                try await events.wait(for: "the first snapshot", timeout: .seconds(15)) { $0.bookUpdates.contains { $0.action == .snapshot } }
                let expected = try await script(h, events, first)
                let seen = try await events.wait(for: "delta \(expected.sequence)", timeout: .seconds(15)) {
                    $0.bookUpdates.contains { $0.sequence == expected.sequence }
                }
                guard let start = seen.lastIndex(where: { if case .book(let u) = $0.payload { u.action == .snapshot } else { false } }) else {
                    throw ConformanceFailure("no snapshot among \(seen.kinds())")
                }
                var book = OrderBook(symbol: h.symbol)
                for update in Array(seen[start...]).bookUpdates { try book.apply(update) }
                let want = h.snapshot(expected.sequence, bids: expected.bids, asks: expected.asks)
                try require(book.bids() == want.bids && book.asks() == want.asks,
                            "the book rebuilt from the events is bids \(render(book.bids())) asks \(render(book.asks())), expected bids \(render(want.bids)) asks \(render(want.asks))")
                try require(book.sequence == expected.sequence, "the book is at sequence \(book.sequence), expected \(expected.sequence)")
            }
        }
    }

    static func render(_ levels: [PriceLevel]) -> String {
        "[" + levels.map { "\($0.price)×\($0.size)" }.joined(separator: ", ") + "]"
    }
}
