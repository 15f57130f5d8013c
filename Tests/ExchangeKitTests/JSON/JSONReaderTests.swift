@testable import ExchangeKit
import Foundation
import Testing

/// Reads one top-level value with `body` and checks the document ends there.
func readDocument<T>(_ json: String, _ body: (inout JSONReader) throws(JSONReaderError) -> T) throws(JSONReaderError) -> T {
    try readDocument(Array(json.utf8), body)
}

func readDocument<T>(_ json: [UInt8], _ body: (inout JSONReader) throws(JSONReaderError) -> T) throws(JSONReaderError) -> T {
    try withReaderBytes(json) { buffer throws(JSONReaderError) in
        var reader = JSONReader(buffer)
        let value = try body(&reader)
        try reader.finish()
        return value
    }
}

func jsonError(_ offset: Int, _ reason: JSONReaderError.Reason) -> JSONReaderError {
    JSONReaderError(offset: offset, reason: reason)
}

@Suite("Strings")
struct StringTests {
    static let escapeCases: [(String, String)] = [
        (#""""#, ""),
        (#""plain""#, "plain"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u0041\u00e9\u00E9\u4e2d\uFFFF\u0000""#, "Aéé中\u{FFFF}\u{0}"),
        (#""\uD83D\uDE00 \ud83d\ude00\uDBFF\uDFFF""#, "😀 😀\u{10FFFF}"),
        (#""é中😀\u{7F}""#.replacingOccurrences(of: "\\u{7F}", with: "\u{7F}"), "é中😀\u{7F}"),
        (#""a long ASCII run that crosses several eight-byte words, then an escape\n""#, "a long ASCII run that crosses several eight-byte words, then an escape\n"),
        (#""0123456\u00e9x""#, "0123456éx"),
    ]

    @Test("escapes decode to the exact scalars", arguments: escapeCases)
    func unescapes(json: String, expected: String) throws {
        let value = try readDocument(json) { reader throws(JSONReaderError) in try reader.readString() }
        #expect(Array(value.unicodeScalars) == Array(expected.unicodeScalars))
        let view = try readDocument(json) { reader throws(JSONReaderError) in try reader.readStringBytes() }
        #expect(view.hasEscapes == json.contains("\\"))
        #expect(view.count == json.utf8.count - 2)
    }

    static let badStrings: [([UInt8], JSONReaderError)] = [
        (Array(#""\x""#.utf8), jsonError(1, .invalidEscape)),
        (Array(#""\U0041""#.utf8), jsonError(1, .invalidEscape)),
        (Array(#""\u12G4""#.utf8), jsonError(5, .invalidEscape)),
        (Array(#""ab\ud800""#.utf8), jsonError(3, .invalidEscape)),          // high surrogate alone
        (Array(#""\ud800\u0041""#.utf8), jsonError(1, .invalidEscape)),     // high surrogate, then not a low one
        (Array(#""\ud800\n""#.utf8), jsonError(1, .invalidEscape)),
        (Array(#""\udc00""#.utf8), jsonError(1, .invalidEscape)),           // low surrogate alone
        (Array(#""\udc00\udc00""#.utf8), jsonError(1, .invalidEscape)),     // low surrogate first
        (Array(#""\ud800\ud800""#.utf8), jsonError(1, .invalidEscape)),
        ([0x22, 0x61, 0x01, 0x22], jsonError(2, .unexpectedByte(0x01))),     // control characters must be escaped
        ([0x22, 0x09, 0x22], jsonError(1, .unexpectedByte(0x09))),
        ([0x22, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x0A, 0x22], jsonError(8, .unexpectedByte(0x0A))),
        ([0x22, 0xFF, 0x22], jsonError(1, .invalidUTF8)),
        ([0x22, 0x80, 0x22], jsonError(1, .invalidUTF8)),                    // stray continuation byte
        ([0x22, 0xC0, 0x80, 0x22], jsonError(1, .invalidUTF8)),              // overlong NUL
        ([0x22, 0xE0, 0x80, 0x80, 0x22], jsonError(1, .invalidUTF8)),        // overlong
        ([0x22, 0xED, 0xA0, 0x80, 0x22], jsonError(1, .invalidUTF8)),        // UTF-8-encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], jsonError(1, .invalidUTF8)),  // above U+10FFFF
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], jsonError(1, .invalidUTF8)),
        ([0x22, 0xE2, 0x82, 0x22], jsonError(1, .invalidUTF8)),              // sequence cut by the quote
        ([0x22, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0xC3, 0x22], jsonError(8, .invalidUTF8)),
        (Array(#""abc"#.utf8), jsonError(4, .unexpectedEnd)),
        (Array(#""abc\"#.utf8), jsonError(5, .unexpectedEnd)),
        (Array(#""\u00"#.utf8), jsonError(5, .unexpectedEnd)),
        (Array(#""\ud83d"#.utf8), jsonError(7, .unexpectedEnd)),
        (Array(#""\ud83d\u"#.utf8), jsonError(9, .unexpectedEnd)),
        ([0x22, 0xE2, 0x82], jsonError(3, .unexpectedEnd)),
    ]

    @Test("bad strings fail at the offending byte", arguments: badStrings)
    func rejects(json: [UInt8], expected: JSONReaderError) {
        #expect(throws: expected) { try readDocument(json) { reader throws(JSONReaderError) in try reader.readString() } }
        // Skipping checks strings as strictly as reading.
        #expect(throws: expected) { try readDocument(json) { reader throws(JSONReaderError) in try reader.skipValue() } }
        // So do keys.
        let asKey = [UInt8(ascii: "{")] + json + Array(#":1}"#.utf8)
        let shifted = JSONReaderError(offset: expected.reason == .unexpectedEnd ? asKey.count : expected.offset + 1, reason: expected.reason)
        if expected.reason != .unexpectedEnd {
            #expect(throws: shifted) { try readDocument(asKey) { reader throws(JSONReaderError) in try reader.beginObject(); _ = try reader.nextKey() } }
        }
    }

    @Test("keys and values compare without allocating, in their unescaped form")
    func comparisons() throws {
        try readDocument(#"{"side":"buy","\u0073ide":"b\u0075y","s\"q":"","é":"中"}"#) { reader throws(JSONReaderError) in
            try reader.beginObject()
            let first = try reader.nextKey()!
            #expect(first.equals("side") && first == "side" && !first.hasEscapes && first.rawBytes.count == 4)
            #expect(!first.equals("sid") && !first.equals("sides") && first != "Side")
            let buy = try reader.readStringBytes()
            #expect(buy == "buy" && buy != "sell" && !buy.hasEscapes && buy.string == "buy")
            let second = try reader.nextKey()!
            #expect(second.equals("side") && second.hasEscapes && second.rawBytes.count == 9 && second.string == "side")
            #expect(!second.equals("\\u0073ide"))
            let escaped = try reader.readStringBytes()
            #expect(escaped == "buy" && escaped.hasEscapes && escaped.count == 8 && escaped.description == "buy")
            #expect(try reader.nextKey() == "s\"q")
            let empty = try reader.readStringBytes()
            #expect(empty == "" && empty.count == 0 && empty.string.isEmpty && empty != "x")
            #expect(try reader.nextKey() == "é")
            #expect(try reader.readStringBytes() == "中")
            #expect(try reader.nextKey() == nil)
        }
    }
}

@Suite("Numbers")
struct NumberTests {
    static let decimalCases: [(String, String)] = [
        ("96123.5", "96123.5"), (#""96123.5""#, "96123.5"),
        ("84477", "84477"), ("2.0E-4", "0.0002"), (#""2.0E-4""#, "0.0002"), ("0E-8", "0"),
        ("1.0346431983265533E9", "1034643198.3265533"), ("-0.002966", "-0.002966"), ("-0", "0"),
        ("0.30000000000000001", "0.30000000000000001"), ("1e3", "1000"), ("1E+3", "1000"), ("12.5e-1", "1.25"),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
        ("0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001"),
        (" \n 7 ", "7"),
    ]

    @Test("readDecimal reads numbers and numeric strings exactly", arguments: decimalCases)
    func decimals(json: String, expected: String) throws {
        let value = try readDocument(json) { reader throws(JSONReaderError) in try reader.readDecimal() }
        #expect(value == Decimal(string: expected)!)
        #expect(value.description == Decimal(string: expected)!.description)
    }

    @Test("a value Double cannot hold survives unchanged")
    func notThroughDouble() throws {
        let value = try readDocument("96123.123456789012345") { reader throws(JSONReaderError) in try reader.readDecimal() }
        #expect(value.description == "96123.123456789012345")
        let parts = try readDocument(#""96123.123456789012345""#) { reader throws(JSONReaderError) in try reader.readDecimalComponents() }
        #expect(parts == DecimalComponents(mantissa: 96123123456789012345, exponent: -15, isNegative: false))
    }

    static let badNumbers: [(String, JSONReaderError)] = [
        ("01", jsonError(1, .invalidNumber(nil))), ("-01", jsonError(2, .invalidNumber(nil))),
        ("+1", jsonError(0, .expected("a number"))), (".5", jsonError(0, .expected("a number"))),
        ("NaN", jsonError(0, .expected("a number"))), ("-Infinity", jsonError(1, .invalidNumber(nil))),
        ("-", jsonError(1, .unexpectedEnd)), ("1.", jsonError(2, .unexpectedEnd)), ("1e", jsonError(2, .unexpectedEnd)),
        ("1e+", jsonError(3, .unexpectedEnd)), ("[1.]", jsonError(3, .invalidNumber(nil))), ("[1.e5]", jsonError(3, .invalidNumber(nil))),
        ("[1e]", jsonError(3, .invalidNumber(nil))), ("[-]", jsonError(2, .invalidNumber(nil))), ("1x", jsonError(1, .trailingData)),
        (#""""#, jsonError(0, .invalidNumber(.empty))), (#"" 1""#, jsonError(1, .invalidNumber(nil))),
        (#""1 ""#, jsonError(2, .invalidNumber(nil))), (#""+1""#, jsonError(1, .invalidNumber(nil))),
        (#""01""#, jsonError(2, .invalidNumber(nil))), (#""1.""#, jsonError(3, .invalidNumber(nil))),
        (#""1e5x""#, jsonError(4, .invalidNumber(nil))), (#""\u0031""#, jsonError(0, .invalidNumber(nil))),
        (#""abc""#, jsonError(1, .invalidNumber(nil))),
        ("123456789012345678901234567890123456789", jsonError(0, .invalidNumber(.tooPrecise))),
        ("1E200", jsonError(0, .invalidNumber(.exponentOutOfRange))), ("1e-400", jsonError(0, .invalidNumber(.exponentOutOfRange))),
        (#""1E200""#, jsonError(1, .invalidNumber(.exponentOutOfRange))),
        ("true", jsonError(0, .expected("a number"))), ("", jsonError(0, .unexpectedEnd)),
    ]

    @Test("numbers outside JSON's grammar or Decimal's range are errors at their offset", arguments: badNumbers)
    func rejects(json: String, expected: JSONReaderError) {
        #expect(throws: expected) {
            try readDocument(json) { reader throws(JSONReaderError) in
                // "[…]" cases read their one element: the byte after the number matters there.
                guard json.hasPrefix("[") else { return try reader.readDecimal() }
                try reader.beginArray()
                _ = try reader.nextElement()
                let value = try reader.readDecimal()
                _ = try reader.nextElement()
                return value
            }
        }
    }

    static let integerCases: [(String, Int64)] = [
        ("1697808800390000000", Int64(1_697_808_800_390_000_000)), (#""1697808800390""#, 1_697_808_800_390),
        ("0", 0), ("-0", 0), ("7", 7), ("-7", -7), ("12345678", 12_345_678), ("123456789", 123_456_789),
        ("9223372036854775807", .max), ("-9223372036854775808", .min), (#""-9223372036854775808""#, .min),
        ("1.0E9", 1_000_000_000), ("100e-2", 1), ("1.5e1", 15), ("0E-8", 0), ("9.223372036854775807E18", .max),
        ("-9.223372036854775808e18", .min),
    ]

    @Test("readInt64 reads exact integers from numbers and numeric strings", arguments: integerCases)
    func integers(json: String, expected: Int64) throws {
        #expect(try readDocument(json) { reader throws(JSONReaderError) in try reader.readInt64() } == expected)
    }

    static let badIntegers: [(String, JSONReaderError)] = [
        ("9223372036854775808", jsonError(0, .numberOutOfRange)), ("-9223372036854775809", jsonError(0, .numberOutOfRange)),
        ("18446744073709551616", jsonError(0, .numberOutOfRange)), ("99999999999999999999", jsonError(0, .numberOutOfRange)),
        ("123456789012345678901234567890", jsonError(0, .numberOutOfRange)), ("1e19", jsonError(0, .numberOutOfRange)),
        ("9.223372036854775808E18", jsonError(0, .numberOutOfRange)), ("1.5", jsonError(0, .notAnInteger)),
        ("1E-1", jsonError(0, .notAnInteger)), (#""66968.1""#, jsonError(1, .notAnInteger)), ("1E200", jsonError(0, .invalidNumber(.exponentOutOfRange))),
        ("01", jsonError(1, .invalidNumber(nil))), (#""""#, jsonError(0, .invalidNumber(.empty))), ("null", jsonError(0, .expected("a number"))),
    ]

    @Test("readInt64 rejects fractions and values outside Int64", arguments: badIntegers)
    func integerErrors(json: String, expected: JSONReaderError) {
        #expect(throws: expected) { try readDocument(json) { reader throws(JSONReaderError) in try reader.readInt64() } }
    }

    @Test("readDecimalIfPresent: nil for null and \"\", the value otherwise")
    func optionalDecimals() throws {
        let values = try readDocument(#"[null, "", "1.5", 2E1, "0"]"#) { reader throws(JSONReaderError) in
            try reader.beginArray()
            var values: [Decimal?] = []
            while try reader.nextElement() { values.append(try reader.readDecimalIfPresent()) }
            return values
        }
        #expect(values == [nil, nil, Decimal(string: "1.5")!, 20, 0])
        #expect(throws: jsonError(1, .invalidNumber(nil))) { try readDocument(#"" ""#) { reader throws(JSONReaderError) in try reader.readDecimalIfPresent() } }
        #expect(throws: jsonError(0, .expected("a number"))) { try readDocument("true") { reader throws(JSONReaderError) in try reader.readDecimalIfPresent() } }
    }

    @Test("readNumberBytes returns the literal, checked but not parsed")
    func literal() throws {
        let text = try readDocument("[-1.5e+400]") { reader throws(JSONReaderError) in
            try reader.beginArray()
            #expect(try reader.nextElement())
            let literal = String(decoding: try reader.readNumberBytes(), as: UTF8.self)
            #expect(try !reader.nextElement())
            return literal
        }
        #expect(text == "-1.5e+400")
        #expect(throws: jsonError(0, .expected("a number"))) { try readDocument(#""1""#) { reader throws(JSONReaderError) in try reader.readNumberBytes() } }
    }

    @Test("eight digits at a time: the check and the value match a digit-by-digit reading")
    func eightDigits() {
        var random = SeededRandom(seed: 8)
        for _ in 0..<20_000 {
            var bytes = (0..<8).map { _ in UInt8(ascii: "0") + UInt8(random.int(0...9)) }
            if random.chance(50) { bytes[random.int(0..<8)] = UInt8(random.int(0...255)) }
            let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            let allDigits = bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            #expect(JSONInput.isEightDigits(word) == allDigits)
            if allDigits {
                #expect(JSONInput.eightDigitsValue(word) == UInt64(String(decoding: bytes, as: UTF8.self))!)
            }
        }
    }
}
