import DequeModule
import Foundation
@testable import ExchangeKit
import Testing

/// The join of a successor's held events onto what the connection it replaces delivered.
@Suite("Handover: joining a successor connection's events without loss or repeat")
struct HandoverTests {
    static let symbol = "XBTUSDTM"

    static func event(_ payload: StreamEvent.Payload, symbol: String? = HandoverTests.symbol, epoch: Int = 1) -> StreamEvent {
        StreamEvent(venue: "v", symbol: symbol, receiveTime: Timestamp(nanoseconds: Int64(epoch)), connection: 0, epoch: epoch, payload: payload)
    }

    static func trade(_ id: Int, epoch: Int = 1) -> StreamEvent {
        event(.trade(Trade(symbol: symbol, price: Decimal(100 + id), size: 1, side: .buy, tradeID: "t\(id)", sequence: Int64(id))), epoch: epoch)
    }

    static func book(_ sequence: Int64, snapshot: Bool = false, depth: Int? = nil) -> StreamEvent {
        event(.book(BookUpdate(symbol: symbol, action: snapshot ? .snapshot : .delta, bids: [PriceLevel(price: Decimal(sequence), size: 1)],
                               asks: [], sequence: sequence, depth: depth)), epoch: 2)
    }

    /// What the incumbent delivered, as the live session records it.
    static func delivered(_ events: [StreamEvent]) -> Set<Int> { Set(events.compactMap(\.overlapFingerprint)) }

    /// A compact description of joined events: `t5`, `snap 103`, `104`, `resynced`.
    static func describe(_ events: [StreamEvent]) -> [String] {
        events.map { event in
            switch event.payload {
            case .trade(let trade): trade.tradeID
            case .book(let update): update.action == .snapshot ? "snap \(update.sequence)" : "\(update.sequence)"
            default: event.payload.kind
            }
        }
    }

    @Test("trades the old connection delivered are dropped, the rest pass in order; subscribed is dropped, other lifecycle kept")
    func tradesJoin() {
        let handover = Handover(delivered: Self.delivered((1 ... 5).map { Self.trade($0) }), incumbentBooks: [:])
        let held: Deque = [Self.event(.subscribed(.trades(Self.symbol))), Self.trade(4, epoch: 2), Self.trade(5, epoch: 2),
                           Self.event(.decodeFailure(error: "bad", excerpt: "{")), Self.trade(6, epoch: 2), Self.trade(7, epoch: 2)]
        #expect(handover.isCaughtUp(held))
        #expect(Self.describe(handover.join(held, filterUntil: .now).events) == ["decode_failure", "t6", "t7"])
    }

    @Test("the old connection has not reached the successor's first trade: not caught up, nothing of the held dropped")
    func notCaughtUp() {
        let handover = Handover(delivered: Self.delivered((1 ... 3).map { Self.trade($0) }), incumbentBooks: [:])
        let held: Deque = [Self.trade(5, epoch: 2), Self.trade(6, epoch: 2)]
        #expect(!handover.isCaughtUp(held))
        #expect(Self.describe(handover.join(held, filterUntil: .now).events) == ["t5", "t6"])
    }

    @Test("the receive time and epoch do not matter to the fingerprint; the exchange time and values do")
    func fingerprint() {
        var other = Self.trade(1, epoch: 7)
        other.receiveTime = Timestamp(nanoseconds: 99)
        other.connection = 3
        #expect(other.overlapFingerprint == Self.trade(1).overlapFingerprint)
        other.exchangeTime = Timestamp(nanoseconds: 5)
        #expect(other.overlapFingerprint != Self.trade(1).overlapFingerprint)
        #expect(Self.event(.resynced).overlapFingerprint == nil)
        #expect(Self.book(5).overlapFingerprint == nil)
        #expect(Self.book(5, snapshot: true, depth: 5).overlapFingerprint != nil)
    }

    @Test("a book continues from the old connection's last sequence: only the deltas after it, no snapshot")
    func bookContinues() {
        let handover = Handover(delivered: [], incumbentBooks: [Self.symbol: 105])
        let held: Deque = [Self.book(103, snapshot: true), Self.book(104), Self.book(105), Self.book(106), Self.book(107)]
        #expect(handover.isCaughtUp(held))
        #expect(Self.describe(handover.join(held, filterUntil: .now).events) == ["106", "107"])
    }

    @Test("the old connection ahead of the successor: nothing held passes, and the filter drops the successor's next repeats")
    func incumbentAhead() {
        let handover = Handover(delivered: Self.delivered((1 ... 10).map { Self.trade($0) }), incumbentBooks: [Self.symbol: 110])
        let held: Deque = [Self.book(103, snapshot: true), Self.trade(4, epoch: 2), Self.book(104), Self.trade(5, epoch: 2), Self.book(105)]
        #expect(handover.isCaughtUp(held))
        var (joined, filter) = handover.join(held, filterUntil: .now)
        #expect(joined.isEmpty)
        #expect(filter.bookSkips == [Self.symbol: 110])
        var next = Deque((106 ... 112).map { Self.book(Int64($0)) } + (6 ... 12).map { Self.trade($0, epoch: 2) })
        filter.apply(to: &next)
        #expect(Self.describe(Array(next)) == ["111", "112", "t11", "t12"])
        #expect(filter.bookSkips.isEmpty)
        // A snapshot after a gap of the successor's own always passes.
        var resync: Deque = [Self.event(.resynced), Self.book(100, snapshot: true)]
        filter.bookSkips = [Self.symbol: 110]
        filter.apply(to: &resync)
        #expect(Self.describe(Array(resync)) == ["resynced", "snap 100"])
    }

    @Test("a book the successor cannot continue: resynced and its snapshot, as after a gap")
    func bookResyncs() {
        let handover = Handover(delivered: [], incumbentBooks: [Self.symbol: 101])
        let held: Deque = [Self.book(103, snapshot: true), Self.book(104)]
        #expect(!handover.isCaughtUp(held))
        #expect(Self.describe(handover.join(held, filterUntil: .now).events) == ["resynced", "snap 103", "104"])
    }

    @Test("the successor's own earlier segments (a gap while it was held) never pass")
    func earlierSegmentsDropped() {
        let held: Deque = [Self.book(90, snapshot: true), Self.book(91), Self.event(.gap(expected: 92, received: 95)), Self.event(.resynced),
                           Self.book(103, snapshot: true), Self.book(104), Self.book(105)]
        #expect(Self.describe(Handover(delivered: [], incumbentBooks: [Self.symbol: 104]).join(held, filterUntil: .now).events) == ["105"])
        #expect(Self.describe(Handover(delivered: [], incumbentBooks: [Self.symbol: 91]).join(held, filterUntil: .now).events) == ["resynced", "snap 103", "104", "105"])
    }

    @Test("an old connection resynchronising its book does not hold the handover back; its consumer gets the new snapshot")
    func incumbentResyncing() {
        let handover = Handover(delivered: [], incumbentBooks: [Self.symbol: Int64?.none])
        let held: Deque = [Self.book(103, snapshot: true), Self.book(104)]
        #expect(handover.isCaughtUp(held))
        #expect(Self.describe(handover.join(held, filterUntil: .now).events) == ["resynced", "snap 103", "104"])
    }

    @Test("top-N depth snapshots are joined like other data: by fingerprint")
    func depthSnapshots() {
        let handover = Handover(delivered: Self.delivered([Self.book(7, snapshot: true, depth: 5)]), incumbentBooks: [:])
        let held: Deque = [Self.book(7, snapshot: true, depth: 5), Self.book(8, snapshot: true, depth: 5)]
        #expect(handover.isCaughtUp(held))
        #expect(Self.describe(handover.join(held, filterUntil: .now).events) == ["snap 8"])
    }
}
