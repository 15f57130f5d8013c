import ExchangeKit
import Foundation
import Testing

/// The reader against Foundation's `JSONSerialization` on thousands of generated documents and
/// mutations of them.
///
/// Every case is read three ways: into a tree with the reader alone (``JSONValue``), skipped
/// whole with `skipValue()`, and by `JSONSerialization` (with `.fragmentsAllowed`). Unmutated
/// documents must also read to exactly the tree the generator built. Where the two parsers
/// legitimately differ, the test checks the reader's documented behaviour instead:
///
/// 1. **Trailing commas** (`[1,]`, `{"a":1,}`): JSONSerialization accepts them; the reader
///    rejects them (RFC 8259). Checked by deleting the comma the reader stops after: the result
///    must then read to JSONSerialization's value.
/// 2. **Encodings**: JSONSerialization sniffs UTF-16/UTF-32 from NUL bytes and skips a UTF-8
///    BOM, so `[49, 0]` reads as `1`; the reader reads UTF-8 only, without BOM. Cases that
///    contain a NUL byte or start with a BOM are not compared when only JSONSerialization accepts.
/// 3. **Numbers beyond `Double`** (`1e400`): JSONSerialization rejects them; the reader accepts
///    the literal (`readNumberBytes()`, `skipValue()`) while `readDecimal()` rejects it as
///    beyond `Decimal`, which is what the tree records.
/// 4. **Numbers beyond `Decimal`** (more than 38 significant digits, exponent outside ±127,
///    e.g. `1e-400`, `0e99999`): JSONSerialization rounds them (into `Double` or
///    `NSDecimalNumber`); `readDecimal()` throws `invalidNumber(.tooPrecise / .exponentOutOfRange)`
///    by design, never a rounded value. Such numbers are compared through `Double` (both round
///    the literal to nearest) unless JSONSerialization made an `NSDecimalNumber`, which is
///    compared only as "a number".
/// 5. **Duplicate keys**: JSONSerialization keeps the last; the reader reports every member in
///    order. The comparison applies last-wins to the reader's members.
/// 6. **U+FEFF in strings**: swift-corelibs-foundation's JSONSerialization drops a raw U+FEFF
///    (ZERO WIDTH NO-BREAK SPACE) at the start of a string or right after an escape sequence
///    (it decodes each run of the string with a BOM-skipping UTF-8 decoder), so `["\u{FEFF}"]`
///    reads as `[""]`; the reader keeps every scalar. Strings that differ only by dropped
///    U+FEFF are counted, not failed.
/// Everything else must agree: both accept with equal values, or both reject.
@Suite("Differential: JSONReader vs JSONSerialization")
struct DifferentialTests {
    static let documentCount = 2_500
    static let mutantsPerDocument = 5

    struct Tally: CustomStringConvertible {
        var cases = 0
        var bothAccept = 0
        var mutantsBothAccept = 0
        var bothReject = 0
        var trailingComma = 0
        var encodingSniffing = 0
        var beyondDouble = 0
        var droppedBOM = 0
        var mismatches: [String] = []

        var description: String {
            "\(cases) cases: \(bothAccept) both accept (\(mutantsBothAccept) of them mutants), \(bothReject) both reject; documented differences: "
                + "\(trailingComma) trailing comma, \(encodingSniffing) NUL/BOM encoding sniffing, "
                + "\(beyondDouble) number beyond Double, \(droppedBOM) U+FEFF dropped by JSONSerialization; "
                + "\(mismatches.count) mismatches"
        }
    }

    @Test("random documents and mutations agree with JSONSerialization, or differ only as documented")
    func differential() throws {
        var generator = JSONGenerator(seed: 0x5EED_0F_E8C4)
        var tally = Tally()
        for _ in 0..<Self.documentCount {
            let (bytes, expected) = generator.document()
            check(bytes, expected: expected, into: &tally)
            for _ in 0..<Self.mutantsPerDocument {
                check(generator.mutate(bytes), expected: nil, into: &tally)
            }
        }
        print("Differential: \(tally)")
        // DIFF_DUMP=<file> swift test … writes every mismatch there, for debugging a failure.
        if let path = ProcessInfo.processInfo.environment["DIFF_DUMP"] {
            try tally.mismatches.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches.count) mismatches, first: \(tally.mismatches.prefix(5).joined(separator: "\n"))")
        #expect(tally.cases == Self.documentCount * (1 + Self.mutantsPerDocument))
        // The run must exercise both sides, or it proves little. (How often each documented
        // difference shows depends on the platform's Foundation, so those are only reported.)
        #expect(tally.bothAccept > Self.documentCount)
        #expect(tally.bothReject > Self.documentCount)
    }

    func check(_ bytes: [UInt8], expected: JSONValue?, into tally: inout Tally) {
        tally.cases += 1
        let text = String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription
        let tree = Result { () throws(JSONReaderError) in try JSONValue.parse(bytes) }
        let skipped = Result { () throws(JSONReaderError) -> Int in
            try withReaderBytes(bytes) { buffer throws(JSONReaderError) in
                var reader = JSONReader(buffer)
                try reader.skipValue()
                try reader.finish()
                return reader.offset
            }
        }

        // Reading and skipping agree on every input, down to the error's offset.
        switch (tree, skipped) {
        case (.success, .success(let end)):
            if end != bytes.count { tally.mismatches.append("skipValue ended at \(end) of \(bytes.count): \(text)") }
        case (.failure(let a), .failure(let b)):
            if a.offset != b.offset { tally.mismatches.append("read failed at \(a.offset) (\(a)), skip at \(b.offset) (\(b)): \(text)") }
        default:
            tally.mismatches.append("read \(tree) but skip \(skipped): \(text)")
        }
        if case .failure(let error) = tree, error.offset < 0 || error.offset > bytes.count {
            tally.mismatches.append("error offset \(error.offset) outside 0...\(bytes.count): \(text)")
        }
        if let expected, tree != .success(expected) {
            tally.mismatches.append("generated document read as \(tree), expected \(expected): \(text)")
        }

        let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        switch (tree, foundation) {
        case (.success(let value), let object?):
            var droppedBOM = false
            if let difference = Self.difference(value, object, droppedBOM: &droppedBOM) {
                tally.mismatches.append("values differ (\(difference)): \(text)")
            } else if droppedBOM {
                tally.droppedBOM += 1
            } else {
                tally.bothAccept += 1
                if expected == nil { tally.mutantsBothAccept += 1 }
            }
        case (.failure, nil):
            tally.bothReject += 1
        case (.failure(let error), let object?):
            if bytes.contains(0) || bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                tally.encodingSniffing += 1
            } else if Self.trailingCommasExplain(bytes, object) {
                tally.trailingComma += 1
            } else {
                tally.mismatches.append("reader rejects (\(error)), JSONSerialization accepts: \(text) \(Data(bytes).base64EncodedString())")
            }
        case (.success(let value), nil):
            if value.hasNumberBeyondDouble {
                tally.beyondDouble += 1
            } else {
                tally.mismatches.append("reader accepts \(value), JSONSerialization rejects: \(text)")
            }
        }
    }

    /// Whether the reader's rejection is only trailing commas: removing each comma that the
    /// reader stops after, where a closing bracket follows, gives JSONSerialization's value.
    static func trailingCommasExplain(_ bytes: [UInt8], _ object: Any) -> Bool {
        var bytes = bytes
        for _ in 0..<64 {
            switch Result(catching: { () throws(JSONReaderError) in try JSONValue.parse(bytes) }) {
            case .success(let value):
                var droppedBOM = false
                return difference(value, object, droppedBOM: &droppedBOM) == nil
            case .failure(let error):
                let at = error.offset
                guard at < bytes.count, bytes[at] == UInt8(ascii: "]") || bytes[at] == UInt8(ascii: "}") else { return false }
                var comma = at - 1
                while comma >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[comma]) { comma -= 1 }
                guard comma >= 0, bytes[comma] == UInt8(ascii: ",") else { return false }
                bytes.remove(at: comma)
            }
        }
        return false
    }

    /// The first difference between the reader's tree and JSONSerialization's value, or nil.
    /// `droppedBOM` is set where strings differ only by U+FEFF that JSONSerialization dropped (difference 6).
    static func difference(_ value: JSONValue, _ object: Any, droppedBOM: inout Bool) -> String? {
        switch value {
        case .object(let members):
            guard let dictionary = object as? [String: Any] else { return "object vs \(type(of: object))" }
            var lastWins: [String: JSONValue] = [:]
            for member in members { lastWins[member.key] = member.value }
            guard lastWins.count == dictionary.count else { return "\(lastWins.count) keys vs \(dictionary.count)" }
            for (key, member) in lastWins {
                guard let other = dictionary[key] else { return "key \(key.debugDescription) missing" }
                if let difference = difference(member, other, droppedBOM: &droppedBOM) { return "\(key.debugDescription): \(difference)" }
            }
            return nil
        case .array(let elements):
            guard let array = object as? [Any] else { return "array vs \(type(of: object))" }
            guard elements.count == array.count else { return "\(elements.count) elements vs \(array.count)" }
            for (index, element) in elements.enumerated() {
                if let difference = difference(element, array[index], droppedBOM: &droppedBOM) { return "[\(index)]: \(difference)" }
            }
            return nil
        case .string(let text):
            guard let other = object as? String else { return "string vs \(type(of: object))" }
            if text.unicodeScalars.elementsEqual(other.unicodeScalars) { return nil }
            let bom: Unicode.Scalar = "\u{FEFF}"
            if text.unicodeScalars.filter({ $0 != bom }).elementsEqual(other.unicodeScalars.filter { $0 != bom }),
               text.unicodeScalars.count > other.unicodeScalars.count {
                droppedBOM = true
                return nil
            }
            return "\(text.debugDescription) vs \(other.debugDescription)"
        case .number(let number):
            guard let other = object as? NSNumber, !isBool(other) else { return "number vs \(type(of: object))" }
            return numberMatches(number, other) ? nil : "\(number.literal) (\(number.decimal.map { "\($0)" } ?? "beyond Decimal")) vs \(other)"
        case .bool(let flag):
            guard let other = object as? NSNumber, isBool(other) else { return "bool vs \(type(of: object))" }
            return other.boolValue == flag ? nil : "\(flag) vs \(other)"
        case .null:
            return object is NSNull ? nil : "null vs \(type(of: object))"
        }
    }

    static func isBool(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c" && String(describing: type(of: number)).contains("Boolean")
    }

    static func numberMatches(_ number: JSONValue.Number, _ other: NSNumber) -> Bool {
        if let decimalNumber = other as? NSDecimalNumber {
            // Beyond Decimal: JSONSerialization rounded it, the reader refuses to (difference 4).
            guard let decimal = number.decimal else { return true }
            return decimalNumber.decimalValue == decimal
        }
        switch String(cString: other.objCType) {
        case "d", "f":
            // Both round the literal to the nearest Double.
            guard let double = Double(number.literal) else { return false }
            return double == other.doubleValue
        case "Q":
            return number.decimal == Decimal(other.uint64Value)
        default:
            return number.decimal == Decimal(other.int64Value)
        }
    }
}

extension JSONValue {
    /// Whether some number literal rounds to infinity as a `Double` (JSONSerialization rejects those).
    var hasNumberBeyondDouble: Bool {
        switch self {
        case .object(let members): members.contains { $0.value.hasNumberBeyondDouble }
        case .array(let elements): elements.contains { $0.hasNumberBeyondDouble }
        case .number(let number): number.decimal == nil && Double(number.literal).map { !$0.isFinite } ?? true
        default: false
        }
    }
}
