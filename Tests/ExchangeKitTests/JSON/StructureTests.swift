import ExchangeKit
import Foundation
import Testing

@Suite("Structure, literals and call order")
struct StructureTests {
    static let close: UInt8 = 0x5D, closeBrace: UInt8 = 0x7D, comma: UInt8 = 0x2C
    static let malformedCases: [([UInt8], JSONReaderError)] = [
        (Array(#"{"a":1,}"#.utf8), jsonError(7, .expected("a key"))),
        (Array(#"[1,]"#.utf8), jsonError(3, .unexpectedByte(Self.close))),
        (Array(#"{"a" 1}"#.utf8), jsonError(5, .expected("':'"))),
        (Array(#"{"a"}"#.utf8), jsonError(4, .expected("':'"))),
        (Array(#"{"a":}"#.utf8), jsonError(5, .unexpectedByte(Self.closeBrace))),
        (Array(#"{"a":1 "b":2}"#.utf8), jsonError(7, .expected("',' or '}'"))),
        (Array(#"[1 2]"#.utf8), jsonError(3, .expected("',' or ']'"))),
        (Array(#"[1}"#.utf8), jsonError(2, .expected("',' or ']'"))),
        (Array(#"{"a":1]"#.utf8), jsonError(6, .expected("',' or '}'"))),
        (Array(#"{,}"#.utf8), jsonError(1, .expected("a key or '}'"))),
        (Array(#"{1:2}"#.utf8), jsonError(1, .expected("a key or '}'"))),
        (Array(#"[,1]"#.utf8), jsonError(1, .unexpectedByte(Self.comma))),
        (Array(#"{} x"#.utf8), jsonError(3, .trailingData)),
        (Array(#"[1]]"#.utf8), jsonError(3, .trailingData)),
        (Array(#"1 2"#.utf8), jsonError(2, .trailingData)),
        (Array(#""#.utf8), jsonError(0, .unexpectedEnd)),
        (Array(" \n\t\r".utf8), jsonError(4, .unexpectedEnd)),
        (Array(#"[1,"#.utf8), jsonError(3, .unexpectedEnd)),
        (Array(#"{"a":[1,{"#.utf8), jsonError(9, .unexpectedEnd)),
        ([0xEF, 0xBB, 0xBF, 0x31], jsonError(0, .unexpectedByte(0xEF))),     // no BOM: UTF-8 only
        ([0x5B, 0x31, 0x00, 0x5D], jsonError(2, .expected("',' or ']'"))),    // no UTF-16 sniffing
        ([0x0B, 0x31], jsonError(0, .unexpectedByte(0x0B))),                   // vertical tab is not JSON whitespace
        ([0xC2, 0xA0, 0x31], jsonError(0, .unexpectedByte(0xC2))),             // nor is NO-BREAK SPACE
        (Array("tru".utf8), jsonError(3, .unexpectedEnd)),
        (Array("trux".utf8), jsonError(3, .unexpectedByte(0x78))),
        (Array("True".utf8), jsonError(0, .unexpectedByte(0x54))),
        (Array("nulll".utf8), jsonError(4, .trailingData)),
        (Array("[fals]".utf8), jsonError(5, .unexpectedByte(Self.close))),
    ]

    @Test("malformed structure fails at the offending byte, reading or skipping", arguments: malformedCases)
    func malformed(json: [UInt8], expected: JSONReaderError) {
        #expect(throws: expected) { try JSONValue.parse(json) }
        #expect(throws: JSONReaderError.self) {
            do throws(JSONReaderError) {
                try readDocument(json) { reader throws(JSONReaderError) in try reader.skipValue() }
            } catch {
                #expect(error.offset == expected.offset, "skipValue: \(error)")
                throw error
            }
        }
    }

    @Test("every kind reads, and peekKind names it without consuming")
    func kinds() throws {
        let json = #" { "o" : { } , "a" : [ ] , "s" : "x" , "n" : -1 , "t" : true , "f" : false , "z" : null } "#
        try readDocument(json) { reader throws(JSONReaderError) in
            #expect(try reader.peekKind() == .object)
            #expect(reader.offset == 1)
            try reader.beginObject()
            #expect(try reader.nextKey() == "o")
            #expect(try reader.peekKind() == .object)
            try reader.beginObject()
            #expect(try reader.nextKey() == nil)
            #expect(try reader.nextKey() == "a")
            #expect(try reader.peekKind() == .array)
            try reader.beginArray()
            #expect(try reader.nextElement() == false)
            #expect(try reader.nextKey() == "s")
            #expect(try reader.peekKind() == .string)
            #expect(try reader.readNull() == false)     // not null: nothing consumed
            #expect(try reader.readString() == "x")
            #expect(try reader.nextKey() == "n")
            #expect(try reader.peekKind() == .number)
            #expect(try reader.readInt64() == -1)
            #expect(try reader.nextKey() == "t")
            #expect(try reader.peekKind() == .bool)
            #expect(try reader.readBool() == true)
            #expect(try reader.nextKey() == "f")
            #expect(try reader.readBool() == false)
            #expect(try reader.nextKey() == "z")
            #expect(try reader.peekKind() == .null)
            #expect(try reader.readNull() == true)
            #expect(try reader.nextKey() == nil)
            #expect(reader.offset == json.utf8.count - 1)
        }
        #expect(throws: jsonError(0, .unexpectedByte(UInt8(ascii: "x")))) { try readDocument("x") { reader throws(JSONReaderError) in try reader.peekKind() } }
        #expect(throws: jsonError(0, .unexpectedEnd)) { try readDocument("") { reader throws(JSONReaderError) in try reader.peekKind() } }
        #expect(throws: jsonError(0, .expected("true or false"))) { try readDocument("null") { reader throws(JSONReaderError) in try reader.readBool() } }
        #expect(throws: jsonError(0, .expected("a string"))) { try readDocument("1") { reader throws(JSONReaderError) in try reader.readString() } }
        #expect(throws: jsonError(0, .expected("an object"))) { try readDocument("[]") { reader throws(JSONReaderError) in try reader.beginObject() } }
        #expect(throws: jsonError(0, .expected("an array"))) { try readDocument("{}") { reader throws(JSONReaderError) in try reader.beginArray() } }
        #expect(throws: jsonError(3, .unexpectedEnd)) { try readDocument("nul") { reader throws(JSONReaderError) in try reader.readNull() } }
    }

    @Test("arrays of mixed values, element by element")
    func arrays() throws {
        let values = try readDocument(#"[1, "2", 3.5e1, [], {"k": [null]}, -0]"#) { reader throws(JSONReaderError) in
            try reader.beginArray()
            var decimals: [Decimal] = []
            while try reader.nextElement() {
                switch try reader.peekKind() {
                case .number, .string: decimals.append(try reader.readDecimal())
                default: try reader.skipValue()
                }
            }
            return decimals
        }
        #expect(values == [1, 2, 35, 0])
    }

    @Test("calls out of order are invalidCall errors, not misreadings")
    func callOrder() {
        func expectInvalidCall(_ json: String, _ body: (inout JSONReader) throws(JSONReaderError) -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
            do throws(JSONReaderError) {
                try readDocument(json, body)
                Issue.record("no error", sourceLocation: sourceLocation)
            } catch {
                guard case .invalidCall = error.reason else {
                    Issue.record("\(error)", sourceLocation: sourceLocation)
                    return
                }
            }
        }
        // A value read right after `{`, without nextKey().
        expectInvalidCall(#"{"a":1}"#) { reader throws(JSONReaderError) in try reader.beginObject(); _ = try reader.readInt64() }
        // nextKey() twice without reading the first key's value.
        expectInvalidCall(#"{"a":"b","c":1}"#) { reader throws(JSONReaderError) in try reader.beginObject(); _ = try reader.nextKey(); _ = try reader.nextKey() }
        // Two top-level values.
        expectInvalidCall("1") { reader throws(JSONReaderError) in _ = try reader.readInt64(); _ = try reader.readInt64() }
        // nextKey()/nextElement() outside any container.
        expectInvalidCall("1") { reader throws(JSONReaderError) in _ = try reader.readInt64(); _ = try reader.nextKey() }
        expectInvalidCall("[1]") { reader throws(JSONReaderError) in _ = try reader.nextElement() }
        // A value after nextElement() returned false.
        expectInvalidCall("[]") { reader throws(JSONReaderError) in try reader.beginArray(); _ = try reader.nextElement(); try reader.skipValue() }
        // nextKey() in an array, nextElement() in an object: caught even where the bytes would fit.
        expectInvalidCall("[}") { reader throws(JSONReaderError) in try reader.beginArray(); _ = try reader.nextKey() }
        expectInvalidCall("{]") { reader throws(JSONReaderError) in try reader.beginObject(); _ = try reader.nextElement() }
        expectInvalidCall(#"[{"a":[1]}]"#) { reader throws(JSONReaderError) in
            try reader.beginArray(); _ = try reader.nextElement()
            try reader.beginObject(); _ = try reader.nextKey()
            try reader.beginArray(); _ = try reader.nextElement(); _ = try reader.readInt64()
            _ = try reader.nextElement()    // closes the inner array: back in the object
            _ = try reader.nextElement()
        }
        // finish() before the end.
        expectInvalidCall(#"{"a":1}"#) { reader throws(JSONReaderError) in try reader.beginObject(); _ = try reader.nextKey(); _ = try reader.readInt64() }
        // ...but a truncated document is unexpectedEnd.
        #expect(throws: jsonError(6, .unexpectedEnd)) {
            try readDocument(#"{"a":1"#) { reader throws(JSONReaderError) in try reader.beginObject(); _ = try reader.nextKey(); _ = try reader.readInt64() }
        }
    }

    @Test("errors describe themselves with the offset")
    func descriptions() {
        #expect(jsonError(7, .expected("a key")).description == "JSON error at byte 7: expected a key")
        #expect(jsonError(2, .unexpectedByte(0x0A)).description == "JSON error at byte 2: unexpected byte 0x0A")
        #expect(jsonError(2, .unexpectedByte(UInt8(ascii: "]"))).description == "JSON error at byte 2: unexpected byte ']' (0x5D)")
        #expect(jsonError(0, .invalidNumber(.tooPrecise)).description.contains("more than 38 significant digits"))
        #expect(jsonError(64, .tooDeep).description == "JSON error at byte 64: nesting too deep")
    }

    @Test("random bytes never crash or hang, and reading and skipping agree")
    func garbage() {
        var random = SeededRandom(seed: 0xBAD)
        let alphabet = Array(#"{}[]:,"\ 0123456789-+.eEtrufalsn/"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xA9, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<random.int(0...24)).map { _ in random.chance(90) ? random.pick(alphabet) : UInt8(random.int(0...255)) }
            let tree = Result { () throws(JSONReaderError) in try JSONValue.parse(bytes) }
            let skipped = Result { () throws(JSONReaderError) in try readDocument(bytes) { reader throws(JSONReaderError) in try reader.skipValue() } }
            switch (tree, skipped) {
            case (.success, .success): break
            case (.failure(let a), .failure(let b)):
                #expect(a.offset == b.offset && a.offset >= 0 && a.offset <= bytes.count, "\(a) vs \(b): \(bytes)")
            default:
                Issue.record("read \(tree) but skip \(skipped): \(bytes)")
            }
        }
    }
}

@Suite("Deep nesting")
struct DeepNestingTests {
    static let mebibyteOfBrackets = [UInt8](repeating: UInt8(ascii: "["), count: 1 << 20)

    @Test("1 MiB of '[' is tooDeep at maxDepth, at once, reading or skipping")
    func mebibyteOfBrackets() {
        let start = ContinuousClock.now
        #expect(throws: jsonError(64, .tooDeep)) { try JSONValue.parse(Self.mebibyteOfBrackets) }
        #expect(throws: jsonError(64, .tooDeep)) {
            try readDocument(Self.mebibyteOfBrackets) { reader throws(JSONReaderError) in try reader.skipValue() }
        }
        #expect(throws: jsonError(10, .tooDeep)) {
            try withReaderBytes(Self.mebibyteOfBrackets) { bytes throws(JSONReaderError) in
                var reader = JSONReader(bytes, maxDepth: 10)
                try reader.skipValue()
            }
        }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("without a depth limit, skipping 1 MiB of '[' uses no stack and ends at the end")
    func unlimited() {
        #expect(throws: jsonError(1 << 20, .unexpectedEnd)) {
            try withReaderBytes(Self.mebibyteOfBrackets) { bytes throws(JSONReaderError) in
                var reader = JSONReader(bytes, maxDepth: .max)
                try reader.skipValue()
            }
        }
    }

    @Test("skipValue walks 100k nested levels when maxDepth allows them, and stops at the limit otherwise")
    func hundredThousandLevels() throws {
        let depth = 100_000
        let arrays = Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
        let objects = Array(String(repeating: #"{"a": "#, count: depth).utf8) + [UInt8(ascii: "1")]
            + Array(String(repeating: "}", count: depth).utf8)
        let mixed = Array(String(repeating: #"[{"k":[0,"#, count: depth / 2).utf8) + Array("{}".utf8)
            + Array(String(repeating: "]}]", count: depth / 2).utf8)
        for (document, levels) in [(arrays, depth), (objects, depth), (mixed, 3 * (depth / 2) + 1)] {
            let end = try withReaderBytes(document) { bytes throws(JSONReaderError) in
                var reader = JSONReader(bytes, maxDepth: levels)
                try reader.skipValue()
                try reader.finish()
                return reader.offset
            }
            #expect(end == document.count)
            #expect(throws: JSONReaderError.self) {
                try withReaderBytes(document) { bytes throws(JSONReaderError) in
                    var reader = JSONReader(bytes, maxDepth: levels - 1)
                    do throws(JSONReaderError) {
                        try reader.skipValue()
                    } catch {
                        #expect(error.reason == .tooDeep)
                        throw error
                    }
                }
            }
        }
        #expect(throws: jsonError(depth - 1, .tooDeep)) {
            try withReaderBytes(arrays) { bytes throws(JSONReaderError) in
                var reader = JSONReader(bytes, maxDepth: depth - 1)
                try reader.skipValue()
            }
        }
    }

    @Test("the pull API reads past 64 nested levels when maxDepth allows, and stops at maxDepth")
    func pullBeyond64() throws {
        let levels = 150
        let json = Array(String(repeating: #"[{"k":"#, count: levels / 2).utf8) + Array("[]".utf8)
            + Array(String(repeating: "}]", count: levels / 2).utf8)
        var expected = JSONValue.array([])
        for _ in 0..<(levels / 2) { expected = .array([.object([.init(key: "k", value: expected)])]) }
        #expect(try JSONValue.parse(json, maxDepth: levels + 1) == expected)
        // `[{"k":` is six bytes and two levels: level 2m+1 opens at byte 6m; the final `[]` is level 151.
        #expect(throws: jsonError(450, .tooDeep)) { try JSONValue.parse(json, maxDepth: levels) }
        #expect(throws: jsonError(192, .tooDeep)) { try JSONValue.parse(json) }     // level 65
    }

    @Test("containers opened by the caller count towards maxDepth when skipping")
    func depthIsShared() throws {
        let json = "[[[[[1]]]]]"     // five levels
        try readDocument(json) { reader throws(JSONReaderError) in
            for _ in 0..<3 {
                try reader.beginArray()
                #expect(try reader.nextElement())
            }
            try reader.skipValue()      // levels 4 and 5 of maxDepth 64
            for _ in 0..<3 { #expect(try reader.nextElement() == false) }
        }
        try withReaderBytes(json) { bytes throws(JSONReaderError) in
            var reader = JSONReader(bytes, maxDepth: 4)
            for _ in 0..<3 {
                try reader.beginArray()
                #expect(try reader.nextElement())
            }
            #expect(throws: jsonError(4, .tooDeep)) { try reader.skipValue() }
        }
        #expect(throws: jsonError(0, .tooDeep)) {
            try withReaderBytes("[]") { bytes throws(JSONReaderError) in
                var reader = JSONReader(bytes, maxDepth: 0)
                try reader.beginArray()
            }
        }
        // Scalars need no depth at all.
        let scalar = try withReaderBytes("7") { bytes throws(JSONReaderError) in
            var reader = JSONReader(bytes, maxDepth: 0)
            return try reader.readInt64()
        }
        #expect(scalar == 7)
    }
}
