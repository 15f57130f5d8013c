import ExchangeKit
import Foundation
import Testing

@Suite("Exact decimals from wire text")
struct DecimalParserTests {
    @Test("wire literals parse to the exact value", arguments: [
        ("96123.5", "96123.5"),
        ("84477", "84477"),
        ("2.0E-4", "0.0002"),
        ("0E-8", "0"),
        ("1.0346431983265533E9", "1034643198.3265533"),
        ("-0.002966", "-0.002966"),
        ("1000000.0", "1000000"),
        ("100.50", "100.5"),
        ("0.30000000000000001", "0.30000000000000001"),
        ("8.1E-5", "0.000081"),
        ("1e3", "1000"),
        ("+5", "5"),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
        ("0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001"),
    ])
    func parsesExactly(input: String, expected: String) throws {
        let value = try DecimalParser.parse(input)
        #expect(value == Decimal(string: expected)!)
        #expect(value.description == Decimal(string: expected)!.description)
    }

    @Test("a value Double cannot hold survives unchanged")
    func notThroughDouble() throws {
        let value = try DecimalParser.parse("96123.123456789012345")
        #expect(value.description == "96123.123456789012345")
        #expect(value != Decimal(96123.123456789012345 as Double))
    }

    @Test("bad literals are clear errors", arguments: [
        ("", DecimalParseError.empty),
        ("-", .noDigits),
        ("1.2.3", .invalidCharacter(offset: 3)),
        ("12a", .invalidCharacter(offset: 2)),
        ("1e", .noDigits),
        ("e5", .invalidCharacter(offset: 0)),
        ("NaN", .invalidCharacter(offset: 0)),
        ("1E200", .exponentOutOfRange),
        ("1E-99999999999", .exponentOutOfRange),
        ("123456789012345678901234567890123456789", .tooPrecise),
        (" 1", .invalidCharacter(offset: 0)),
    ])
    func rejects(input: String, error: DecimalParseError) {
        #expect(throws: error) { try DecimalParser.parse(input) }
    }

    @Test("Foundation's JSONDecoder reads number literals into Decimal from their text")
    func jsonDecoderIsExact() throws {
        // WireDecimal relies on this for JSON numbers; if a platform ever goes through
        // Double, this test fails and WireDecimal must read the literal itself.
        struct Box: Decodable { let a: Decimal; let b: Decimal }
        let box = try JSONDecoder().decode(Box.self, from: Data(#"{"a":0.30000000000000001,"b":1.0346431983265533E9}"#.utf8))
        #expect(box.a.description == "0.30000000000000001")
        #expect(box.b.description == "1034643198.3265533")
    }

    @Test("WireDecimal accepts strings and numbers and rejects junk")
    func wireDecimal() throws {
        struct Row: Decodable {
            let price: Decimal
            let size: Decimal
            let fee: Decimal?
            enum CodingKeys: String, CodingKey { case price, size, fee }
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                price = try c.decodeDecimal(forKey: .price)
                size = try c.decodeDecimal(forKey: .size)
                fee = try c.decodeDecimalIfPresent(forKey: .fee)
            }
        }
        let row = try JSONDecoder().decode(Row.self, from: Data(#"{"price":"96123.5","size":2.0E-4,"fee":null}"#.utf8))
        #expect(row.price == Decimal(string: "96123.5")!)
        #expect(row.size == Decimal(string: "0.0002")!)
        #expect(row.fee == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Row.self, from: Data(#"{"price":"abc","size":1}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Row.self, from: Data(#"{"price":true,"size":1}"#.utf8))
        }
    }
}
