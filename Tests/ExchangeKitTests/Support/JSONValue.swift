import ExchangeKit
import Foundation
import Testing

/// A JSON tree built with ``JSONReader`` alone, for comparing the reader with other parsers.
indirect enum JSONValue: Equatable, CustomStringConvertible {
    case object([Member])
    case array([JSONValue])
    case string(String)
    case number(Number)
    case bool(Bool)
    case null

    struct Member: Equatable {
        var key: String
        var value: JSONValue

        static func == (a: Member, b: Member) -> Bool {
            a.key.unicodeScalars.elementsEqual(b.key.unicodeScalars) && a.value == b.value
        }
    }

    /// A number as its literal text and, when `readDecimal()` accepts it, its exact value.
    struct Number: Equatable {
        var literal: String
        var decimal: Decimal?
    }

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        // Scalar by scalar: String's == would equate canonically equivalent strings.
        case (.string(let x), .string(let y)): x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    var description: String {
        switch self {
        case .object(let members): "{" + members.map { "\($0.key.debugDescription):\($0.value)" }.joined(separator: ",") + "}"
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ",") + "]"
        case .string(let text): text.debugDescription
        case .number(let number): number.literal
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    /// Whether some number's literal is beyond `Decimal` (so `readDecimal()` rejected it).
    var hasNumberBeyondDecimal: Bool {
        switch self {
        case .object(let members): members.contains { $0.value.hasNumberBeyondDecimal }
        case .array(let elements): elements.contains { $0.hasNumberBeyondDecimal }
        case .number(let number): number.decimal == nil
        default: false
        }
    }

    /// Reads a whole document, checking that nothing but whitespace follows it.
    static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64) throws(JSONReaderError) -> JSONValue {
        var reader = JSONReader(bytes, maxDepth: maxDepth)
        let value = try read(&reader)
        try reader.finish()
        return value
    }

    static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONReaderError) -> JSONValue {
        try withReaderBytes(bytes) { buffer throws(JSONReaderError) in try parse(buffer, maxDepth: maxDepth) }
    }

    /// Reads the next value, dispatching on ``JSONReader/peekKind()``.
    static func read(_ reader: inout JSONReader) throws(JSONReaderError) -> JSONValue {
        switch try reader.peekKind() {
        case .object:
            try reader.beginObject()
            var members: [Member] = []
            while let key = try reader.nextKey() {
                let name = key.string
                members.append(Member(key: name, value: try read(&reader)))
            }
            return .object(members)
        case .array:
            try reader.beginArray()
            var elements: [JSONValue] = []
            while try reader.nextElement() {
                elements.append(try read(&reader))
            }
            return .array(elements)
        case .string:
            return .string(try reader.readString())
        case .number:
            return .number(try readNumber(&reader))
        case .bool:
            return .bool(try reader.readBool())
        case .null:
            guard try reader.readNull() else { throw JSONReaderError(offset: reader.offset, reason: .expected("null (test helper)")) }
            return .null
        }
    }

    /// Reads a number with `readDecimal()`; when that rejects it for precision or range only,
    /// keeps its literal (from `readNumberBytes()`) without a value. Cross-checks `readInt64()`.
    static func readNumber(_ reader: inout JSONReader) throws(JSONReaderError) -> Number {
        var literalReader = reader
        let literalBytes = try literalReader.readNumberBytes()
        let literal = String(decoding: literalBytes, as: UTF8.self)
        var intReader = reader
        let integer = Result { () throws(JSONReaderError) in try intReader.readInt64() }
        do {
            let decimal = try reader.readDecimal()
            if reader.offset != literalReader.offset {
                Issue.record("readDecimal and readNumberBytes end at different offsets for \(literal)")
            }
            checkInt64(integer, decimal: decimal, literal: literal)
            return Number(literal: literal, decimal: decimal)
        } catch {
            switch error.reason {
            case .invalidNumber(.tooPrecise?), .invalidNumber(.exponentOutOfRange?):
                reader = literalReader
                return Number(literal: literal, decimal: nil)
            default:
                throw error
            }
        }
    }

    /// `readInt64()` must agree with `readDecimal()` on every number that `readDecimal()` reads.
    private static func checkInt64(_ integer: Result<Int64, JSONReaderError>, decimal: Decimal, literal: String) {
        var value = decimal
        var integral = Decimal()
        NSDecimalRound(&integral, &value, 0, .plain)
        let isIntegral = integral == decimal
        let fits = decimal >= Decimal(Int64.min) && decimal <= Decimal(Int64.max)
        switch integer {
        case .success(let value):
            if Decimal(value) != decimal { Issue.record("readInt64 \(value) ≠ readDecimal \(decimal) for \(literal)") }
        case .failure(let error):
            switch error.reason {
            case .notAnInteger:
                if isIntegral { Issue.record("readInt64 says \(literal) is not an integer") }
            case .numberOutOfRange:
                if !isIntegral || fits { Issue.record("readInt64 says \(literal) is out of range") }
            default:
                Issue.record("readInt64 failed on \(literal) where readDecimal did not: \(error)")
            }
        }
    }
}

/// Runs `body` over the bytes, keeping its typed error (`withUnsafeBytes` only rethrows untyped).
func withReaderBytes<T>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(JSONReaderError) -> T) throws(JSONReaderError) -> T {
    let result: Result<T, JSONReaderError> = bytes.withUnsafeBytes { buffer in
        do throws(JSONReaderError) { return .success(try body(buffer)) } catch { return .failure(error) }
    }
    return try result.get()
}

/// Runs `body` over the string's UTF-8, keeping its typed error.
func withReaderBytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) throws(JSONReaderError) -> T) throws(JSONReaderError) -> T {
    try withReaderBytes(Array(text.utf8), body)
}

/// `try reader.nextKey() == "side"` in tests.
func == (lhs: JSONKey?, rhs: StaticString) -> Bool {
    lhs?.equals(rhs) ?? false
}
