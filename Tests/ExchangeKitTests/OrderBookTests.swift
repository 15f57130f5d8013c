import ExchangeKit
import Foundation
import Testing

func dec(_ text: String) -> Decimal { try! DecimalParser.parse(text) }
func level(_ price: String, _ size: String) -> PriceLevel { PriceLevel(price: dec(price), size: dec(size)) }
func change(_ side: BookSide, _ price: String, _ size: String, sequence: Int64? = nil) -> BookChange {
    BookChange(side: side, price: dec(price), size: dec(size), sequence: sequence)!
}

@Suite("Order book")
struct OrderBookTests {
    @Test("levels are ordered best first, updated, removed by size 0, and never cross silently")
    func levels() throws {
        var book = try OrderBook(snapshot: OrderBookSnapshot(
            symbol: "XBTUSDTM", sequence: 10,
            bids: [level("100.5", "3"), level("100", "1"), level("99.25", "7")],
            asks: [level("101", "2"), level("101.5", "4")]))
        #expect(book.bestBid == level("100.5", "3"))
        #expect(book.bestAsk == level("101", "2"))
        book.apply(change(.bid, "100.75", "2"))          // new best bid
        book.apply(change(.bid, "100", "0"))             // removed
        book.apply(change(.ask, "101", "5"))             // replaced
        book.apply(change(.ask, "102", "1"))             // deeper ask
        book.apply(change(.bid, "99.5", "0"))            // removing an absent level is harmless
        #expect(book.bids() == [level("100.75", "2"), level("100.5", "3"), level("99.25", "7")])
        #expect(book.asks() == [level("101", "5"), level("101.5", "4"), level("102", "1")])
        #expect(book.asks(limit: 2).count == 2)
        #expect(book.size(.ask, at: dec("101.5")) == dec("4"))
        #expect(book.size(.bid, at: dec("100")) == nil)
        #expect(!book.isCrossed)
        book.apply(change(.bid, "101", "1"))
        #expect(book.isCrossed)
    }

    @Test("prices in different notations are the same level")
    func notation() throws {
        var book = OrderBook(symbol: "X")
        book.apply(change(.bid, "96000", "1"))
        book.apply(BookChange(side: .bid, price: try DecimalParser.components(Array("9.6E4".utf8)), size: try DecimalParser.components(Array("2".utf8)))!)
        book.apply(change(.bid, "96000.000", "3"))
        #expect(book.bidCount == 1)
        #expect(book.bestBid?.size == dec("3"))
    }

    @Test("matches a reference model over random updates")
    func randomAgainstModel() {
        var generator = SeededRandom(seed: 42)
        var book = OrderBook(symbol: "X")
        var model: [BookSide: [Decimal: Decimal]] = [.bid: [:], .ask: [:]]
        for _ in 0..<20_000 {
            let side: BookSide = Bool.random(using: &generator) ? .bid : .ask
            let ticks = Int.random(in: 0..<300, using: &generator)
            let price = side == .bid ? Decimal(1000 - ticks) / 4 : Decimal(1001 + ticks) / 4
            let size = Int.random(in: 0..<4, using: &generator) == 0 ? Decimal(0) : Decimal(Int.random(in: 1..<1000, using: &generator))
            book.apply(BookChange(side: side, price: price, size: size)!)
            model[side]![price] = size == 0 ? nil : size
        }
        let bids = model[.bid]!.sorted { $0.key > $1.key }.map { PriceLevel(price: $0.key, size: $0.value) }
        let asks = model[.ask]!.sorted { $0.key < $1.key }.map { PriceLevel(price: $0.key, size: $0.value) }
        #expect(book.bids() == bids)
        #expect(book.asks() == asks)
    }

    @Test("prices without an exact key are refused, not rounded")
    func noKey() {
        #expect(PriceKey(dec("0.0000000000000000001")) == nil)          // 19 decimals
        #expect(PriceKey(dec("1000000000000000000000")) == nil)         // 1e21 > Int128.max / 1e18
        #expect(PriceKey(dec("0.000000000000000001"))?.raw == 1)
        #expect(PriceKey(dec("-1.5"))?.raw == -1_500_000_000_000_000_000)
    }
}
