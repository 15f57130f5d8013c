import ExchangeKit
import Foundation
import Testing

@Suite("JSONWriter and DecimalText")
struct JSONWriterTests {
    @Test("DecimalText uses the fast path on this Foundation and agrees with description on 20,000 values")
    func decimalTextDifferential() throws {
        #if os(Linux)
        #expect(DecimalText.usesFastPath, "the layout check failed: output is right but slow")
        #endif
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            let digits = Int.random(in: 1...38, using: &generator)
            var text = String((0..<digits).map { _ in "0123456789".randomElement(using: &generator)! })
            if round % 3 == 0, digits > 1 { text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 1..<digits, using: &generator))) }
            if round % 5 == 0 { text = "-" + text }
            if round % 7 == 0 { text += "e\(Int.random(in: -60...60, using: &generator))" }
            guard let value = try? DecimalParser.parse(text) else { continue }
            #expect(DecimalText.string(value) == value.description, "\(text)")
        }
        for text in ["0", "-0", "0.0002", "96123.50", "1e30", "12000", "0.1", "-0.00000000000000000001", "99999999999999999999999999999999999999"] {
            let value = try DecimalParser.parse(text)
            #expect(DecimalText.string(value) == value.description, "\(text)")
        }
        #expect(DecimalText.string(Decimal.nan) == "NaN")
        #expect(DecimalText.string(try DecimalParser.parse("96123.50")) == "96123.5")
    }

    @Test("objects, arrays, nesting and commas; output parses back to the same values")
    func structure() throws {
        var json = JSONWriter()
        json.objectStart()
        json.field("kind", "trade")
        json.field("price", try DecimalParser.parse("-0.000125"))
        json.field("n", Int64.min)
        json.field("ok", true)
        json.key("levels")
        json.arrayStart()
        json.arrayStart(); json.value(1); json.value("a"); json.arrayEnd()
        json.arrayStart(); json.arrayEnd()
        json.objectStart(); json.objectEnd()
        json.arrayEnd()
        json.key(text: "dynamic \"key\"")
        json.null()
        json.field("missing", ifPresent: nil as String?)
        json.objectEnd()
        #expect(json.string == #"{"kind":"trade","price":"-0.000125","n":-9223372036854775808,"ok":true,"levels":[[1,"a"],[],{}],"dynamic \"key\"":null}"#)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(parsed["price"] as? String == "-0.000125" && parsed["dynamic \"key\""] is NSNull)
    }

    @Test("integers print as Swift prints them", arguments: [0, 7, 9, 10, 42, 99, 100, 101, 999, 1000, -1, -10, -99, -100, 1_731_898_619_520_000_000, Int64.max, Int64.min])
    func integers(_ number: Int64) {
        var json = JSONWriter()
        json.value(number)
        #expect(json.string == String(number))
    }

    @Test("strings are escaped so any text round-trips")
    func escaping() throws {
        let texts = ["plain", "quote \" backslash \\ slash /", "line\nbreak\ttab\r", "\u{0}\u{1}\u{1F}", "ünïcødé 💹", ""]
        for text in texts {
            var json = JSONWriter()
            json.arrayStart()
            json.value(text)
            json.arrayEnd()
            let parsed = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String]
            #expect(parsed == [text])
        }
        var json = JSONWriter()
        let invalid: [UInt8] = [0x61, 0xFF, 0x62]
        invalid.withUnsafeBytes { json.value(utf8: $0) }
        #expect(json.string == "\"a\u{FFFD}b\"", "invalid UTF-8 is replaced, never written raw")
    }

    @Test("an event line carries the documented fields")
    func eventLine() throws {
        let trade = Trade(symbol: "XBTUSDTM", price: try DecimalParser.parse("96123.5"), size: 3, side: .sell, tradeID: "t1", makerOrderID: "m1")
        let event = StreamEvent(venue: "kucoin-futures", symbol: "XBTUSDTM", exchangeTime: Timestamp(nanoseconds: 5), receiveTime: Timestamp(nanoseconds: 6),
                                epoch: 2, payload: .trade(trade))
        #expect(event.jsonLine == #"{"venue":"kucoin-futures","kind":"trade","symbol":"XBTUSDTM","ts":5,"recv_ts":6,"epoch":2,"price":"96123.5","size":"3","side":"sell","trade_id":"t1","maker_order_id":"m1"}"#)
        let gap = StreamEvent(venue: "v", receiveTime: Timestamp(nanoseconds: 1), connection: 1, epoch: 1, payload: .gap(expected: 10, received: 12))
        #expect(gap.jsonLine == #"{"venue":"v","kind":"gap","recv_ts":1,"epoch":1,"connection":1,"expected":10,"received":12}"#)
    }
}
