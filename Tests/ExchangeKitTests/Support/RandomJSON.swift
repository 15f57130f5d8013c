import Foundation

/// SplitMix64: small, fast and the same on every platform, so every run tests the same documents.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
}

/// Generates random JSON documents together with the tree a correct reader must produce.
struct JSONGenerator {
    var random: SeededRandom
    var maxDepth = 10

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// A document: usually an object or array, sometimes a bare scalar, with whitespace around.
    mutating func document() -> (bytes: [UInt8], expected: JSONValue) {
        var text = whitespace()
        let value: JSONValue
        if random.chance(85) {
            value = container(depth: 1, into: &text)
        } else {
            value = self.value(depth: maxDepth, into: &text)
        }
        text += whitespace()
        return (Array(text.utf8), value)
    }

    mutating func value(depth: Int, into text: inout String) -> JSONValue {
        if depth < maxDepth && random.chance(30) { return container(depth: depth + 1, into: &text) }
        switch random.int(0..<100) {
        case 0..<38:
            let (literal, value) = string(forKey: false)
            text += literal
            return .string(value)
        case 38..<84:
            let number = self.number()
            text += number.literal
            return .number(number)
        case 84..<94:
            let value = random.chance(50)
            text += value ? "true" : "false"
            return .bool(value)
        default:
            text += "null"
            return .null
        }
    }

    mutating func container(depth: Int, into text: inout String) -> JSONValue {
        let count = random.chance(10) ? 0 : random.int(1...6)
        if random.chance(50) {
            text += "{" + whitespace()
            var members: [JSONValue.Member] = []
            var used = Set<[Unicode.Scalar]>()
            for index in 0..<count {
                if index > 0 { text += "," + whitespace() }
                var (literal, key) = string(forKey: true)
                while used.contains(Array(key.unicodeScalars)) { (literal, key) = string(forKey: true) }
                used.insert(Array(key.unicodeScalars))
                text += literal + whitespace() + ":" + whitespace()
                members.append(JSONValue.Member(key: key, value: value(depth: depth, into: &text)))
                text += whitespace()
            }
            text += "}"
            return .object(members)
        } else {
            text += "[" + whitespace()
            var elements: [JSONValue] = []
            for index in 0..<count {
                if index > 0 { text += "," + whitespace() }
                elements.append(value(depth: depth, into: &text))
                text += whitespace()
            }
            text += "]"
            return .array(elements)
        }
    }

    mutating func whitespace() -> String {
        guard random.chance(25) else { return "" }
        return String((0..<random.int(1...3)).map { _ in random.pick([" ", "\t", "\n", "\r"]) })
    }

    // MARK: - Strings

    static let simpleEscapes: [(String, String)] = [
        ("\\\"", "\""), ("\\\\", "\\"), ("\\/", "/"), ("\\b", "\u{8}"),
        ("\\f", "\u{C}"), ("\\n", "\n"), ("\\r", "\r"), ("\\t", "\t"),
    ]
    /// Keys avoid combining marks so that no two distinct keys are canonically equivalent
    /// (Swift's and Foundation's dictionaries would merge them).
    static let keyScalars: [Unicode.Scalar] = ["é", "ß", "中", "€", "😀", "\u{7F}", "\u{10FFFF}"]
    static let valueScalars: [Unicode.Scalar] = [
        "é", "ß", "中", "日", "😀", "€", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{0301}",
        "\u{FFFD}", "\u{FEFF}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}", "\u{2028}",
    ]

    /// A string literal and its value: ASCII, simple escapes, `\u` escapes (with surrogate
    /// pairs, mixed-case hex, control characters), raw non-ASCII UTF-8 of 2 to 4 bytes.
    mutating func string(forKey: Bool) -> (literal: String, value: String) {
        var literal = "\""
        var value = ""
        for _ in 0..<random.int(0...(forKey ? 6 : 14)) {
            switch random.int(0..<100) {
            case 0..<50:
                var byte = UInt8(random.int(0x20...0x7E))
                if byte == 0x22 || byte == 0x5C { byte = UInt8(ascii: "a") }
                literal.unicodeScalars.append(Unicode.Scalar(byte))
                value.unicodeScalars.append(Unicode.Scalar(byte))
            case 50..<60:
                let (escape, decoded) = random.pick(Self.simpleEscapes)
                literal += escape
                value += decoded
            case 60..<72:
                let scalar = forKey ? Unicode.Scalar(UInt8(random.int(0...0x7F))) : randomBMPScalar()
                literal += uEscape(UInt16(scalar.value))
                value.unicodeScalars.append(scalar)
            case 72..<80:
                let scalar = forKey ? "😀" : Unicode.Scalar(UInt32(random.int(0x10000...0x10FFFF)))!
                let offset = scalar.value - 0x10000
                literal += uEscape(UInt16(0xD800 + (offset >> 10))) + uEscape(UInt16(0xDC00 + (offset & 0x3FF)))
                value.unicodeScalars.append(scalar)
            default:
                let scalar = forKey ? random.pick(Self.keyScalars) : (random.chance(50) ? random.pick(Self.valueScalars) : randomScalar())
                literal.unicodeScalars.append(scalar)
                value.unicodeScalars.append(scalar)
            }
        }
        literal += "\""
        return (literal, value)
    }

    mutating func uEscape(_ unit: UInt16) -> String {
        var hex = String(unit, radix: 16)
        hex = String(repeating: "0", count: 4 - hex.count) + hex
        return "\\u" + (random.chance(50) ? hex.uppercased() : hex)
    }

    mutating func randomBMPScalar() -> Unicode.Scalar {
        while true {
            if let scalar = Unicode.Scalar(UInt32(random.int(0...0xFFFF))) { return scalar }   // nil for surrogates
        }
    }

    mutating func randomScalar() -> Unicode.Scalar {
        while true {
            let value = UInt32(random.chance(70) ? random.int(0x80...0xFFFF) : random.int(0x10000...0x10FFFF))
            if let scalar = Unicode.Scalar(value) { return scalar }
        }
    }

    // MARK: - Numbers

    /// A number literal in JSON's grammar and, when it fits `Decimal` exactly, its value as
    /// Foundation's `Decimal(string:)` reads it (an oracle independent of DecimalParser).
    mutating func number() -> JSONValue.Number {
        let literal: String
        var fits = true
        switch random.int(0..<100) {
        case 0..<20:
            literal = String(random.int(-1000...1000))
        case 20..<35:
            literal = String(Int64.random(in: .min ... .max, using: &random))
        case 35..<40:
            literal = random.pick([
                "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
                "18446744073709551615", "18446744073709551616", "99999999999999999999", "12345678901234567",
            ])
        case 40..<75:
            // Up to 36 significant digits with a fraction and/or an exponent: always exact in Decimal.
            let integer = digits(random.int(1...12), leadingZeroAllowed: false)
            var text = (random.chance(30) ? "-" : "") + (random.chance(25) ? "0" : integer)
            if random.chance(80) { text += "." + digits(random.int(1...18), leadingZeroAllowed: true) }
            if random.chance(50) {
                text += random.pick(["e", "E"]) + random.pick(["", "+", "-"]) + String(random.int(0...30))
            }
            literal = text
        case 75..<82:
            literal = random.pick(["0", "-0", "0.0", "0e10", "-0.0E+0", "0.000e-5", "1E2", "2.0E-4", "0E-8", "1.0346431983265533E9", "96123.5", "66968.1"])
        case 82..<92:
            // More than 38 significant digits: JSON, but not exact in Decimal.
            literal = (random.chance(50) ? "-" : "") + digits(random.int(39...45), leadingZeroAllowed: false)
                + (random.chance(50) ? "." + digits(random.int(1...5), leadingZeroAllowed: true) + "7" : "7")
            fits = false
        default:
            // Exponents beyond Decimal's range (some beyond Double's too).
            literal = random.pick(["1e200", "-1.5E-300", "1e400", "-2e-400", "1E129", "1e-140", "0e99999", "4.9e-324"])
            fits = false
        }
        return JSONValue.Number(literal: literal, decimal: fits ? Decimal(string: literal)! : nil)
    }

    mutating func digits(_ count: Int, leadingZeroAllowed: Bool) -> String {
        var text = ""
        for index in 0..<count {
            let digit = (index == 0 && !leadingZeroAllowed) ? random.int(1...9) : random.int(0...9)
            text += String(digit)
        }
        return text
    }

    // MARK: - Mutations

    static let interestingBytes: [UInt8] = Array("{}[]:,\"\\ 0123456789-+.eEtrufalsn/bu\n".utf8)
        + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]

    /// One to three random edits: truncation, byte replacement, insertion, deletion, duplication.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<random.int(1...3) {
            guard !bytes.isEmpty else { break }
            let index = random.int(0..<bytes.count)
            switch random.int(0..<5) {
            case 0:
                bytes.removeSubrange(index...)
            case 1:
                bytes[index] = randomByte()
            case 2:
                bytes.insert(contentsOf: (0..<random.int(1...2)).map { _ in randomByte() }, at: index)
            case 3:
                bytes.removeSubrange(index..<min(bytes.count, index + random.int(1...4)))
            default:
                let end = min(bytes.count, index + random.int(1...8))
                bytes.insert(contentsOf: bytes[index..<end], at: random.int(0...bytes.count))
            }
        }
        return bytes
    }

    mutating func randomByte() -> UInt8 {
        random.chance(75) ? random.pick(Self.interestingBytes) : UInt8(random.int(0...255))
    }
}
