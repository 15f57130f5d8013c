import ExchangeKit
import Foundation
import Testing

@Suite("InlineID: short ids kept in place")
struct InlineIDTests {
    @Test("any text reads back as itself, at every length around the inline capacity, ASCII or not")
    func roundTrip() {
        let texts = ["", "1", "11067996711960577", "178a4e36d1a7ed00011aaa77", String(repeating: "x", count: 23),
                     String(repeating: "y", count: 24), String(repeating: "z", count: 25), String(repeating: "w", count: 200),
                     "ordre-é-日本-🙂", "a\"b\\c"]
        for text in texts {
            let id = InlineID(text)
            #expect(id.string == text && id.description == text && id.utf8Count == text.utf8.count)
            let fromBytes = Array(text.utf8).withUnsafeBytes { InlineID(utf8: $0) }
            #expect(fromBytes == id, "bytes and String give the same id for \(text.debugDescription)")
            #expect(fromBytes.hashValue == id.hashValue)
        }
        #expect(InlineID("abc") != InlineID("abd"))
        #expect(InlineID("abc") != InlineID("abc\u{0}"), "a trailing NUL is part of the text")
        #expect(InlineID.inlineCapacity == 24, "KuCoin's 24-character order ids fit")
        let literal: InlineID = "178a4e36d1a7ed00011aab7d"
        #expect(literal.string == "178a4e36d1a7ed00011aab7d")
    }

    @Test("a trade's order ids: String accessors, Codable keys as before, JSON lines as before")
    func inTrade() throws {
        var trade = Trade(symbol: "XBTUSDTM", price: 1, size: 1, side: .buy, tradeID: "1",
                          makerOrderID: "178a4e36d1a7ed00011aab7d", takerOrderID: nil)
        #expect(trade.makerOrderID == "178a4e36d1a7ed00011aab7d" && trade.takerOrderID == nil)
        trade.takerOrderID = "quote\"d"
        #expect(trade.takerOrder == InlineID("quote\"d"))
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(trade)) as? [String: Any]
        #expect(encoded?["makerOrderID"] as? String == "178a4e36d1a7ed00011aab7d")
        #expect(encoded?["takerOrderID"] as? String == "quote\"d")
        #expect(encoded?["tradeID"] as? String == "1")
        trade.tradeID = "11067996711960577"
        #expect(trade.id == InlineID("11067996711960577") && trade.tradeID == "11067996711960577")
        #expect(try JSONDecoder().decode(Trade.self, from: JSONEncoder().encode(trade)) == trade)
        var json = JSONWriter()
        json.objectStart()
        json.fields(of: trade)
        json.objectEnd()
        #expect(json.string.contains(#""maker_order_id":"178a4e36d1a7ed00011aab7d","taker_order_id":"quote\"d""#))
    }
}
