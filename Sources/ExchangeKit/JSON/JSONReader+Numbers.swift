import Foundation

extension JSONReader {
    /// Reads an exact decimal from a JSON number (`2.0E-4`) or from a string holding one (`"96123.5"`).
    ///
    /// Exchanges mix both forms. The literal must follow JSON's number grammar in either
    /// case (no `+1`, `.5`, `1.`, `01`, spaces or escapes inside the quotes) and is read by
    /// ``DecimalParser`` from its text, never through `Double`: more than 38 significant
    /// digits or an exponent outside `Decimal`'s range is an error, not a rounded value.
    @inlinable
    public mutating func readDecimal() throws(JSONReaderError) -> Decimal {
        try readDecimalComponents().decimal
    }

    /// Reads a decimal like ``readDecimal()``, or nil for `null` or an empty string `""` (how
    /// venues send an absent price), like `decodeDecimalIfPresent(forKey:)`.
    @inlinable
    public mutating func readDecimalIfPresent() throws(JSONReaderError) -> Decimal? {
        if try readNull() { return nil }
        let i = input.skipWhitespace(position)
        if i &+ 1 < input.count && input.byte(i) == UInt8(ascii: "\"") && input.byte(i &+ 1) == UInt8(ascii: "\"") {
            position = i &+ 2
            state = .afterValue
            return nil
        }
        return try readDecimal()
    }

    /// Reads a number like ``readDecimal()`` into its exact parts, without building a `Decimal`.
    @inlinable
    public mutating func readDecimalComponents() throws(JSONReaderError) -> DecimalComponents {
        let span = try numberSpan()
        let components: DecimalComponents
        do {
            components = try DecimalParser.components(input.slice(span.start, span.end))
        } catch {
            throw JSONReaderError(offset: span.start, reason: .invalidNumber(error))
        }
        position = span.next
        state = .afterValue
        return components
    }

    /// Reads an integer from a JSON number (`1697808800390`) or a string holding one (`"1697808800390"`).
    ///
    /// The literal must be a strict JSON number with an integer value: `1.0E9` and `100e-2`
    /// are accepted (they are exact integers), `1.5` throws ``JSONReaderError/Reason/notAnInteger``,
    /// a value outside `Int64` throws ``JSONReaderError/Reason/numberOutOfRange``.
    @inlinable
    public mutating func readInt64() throws(JSONReaderError) -> Int64 {
        let span = try numberSpan()
        let value: Int64
        if span.isPlainInteger {
            value = try JSONReader.int64(plain: span, at: span.start)
        } else {
            let components: DecimalComponents
            do {
                components = try DecimalParser.components(input.slice(span.start, span.end))
            } catch {
                throw JSONReaderError(offset: span.start, reason: .invalidNumber(error))
            }
            value = try JSONReader.int64(exactly: components, at: span.start)
        }
        position = span.next
        state = .afterValue
        return value
    }

    /// Reads a JSON number (not a string) and returns its literal text, checked against
    /// JSON's grammar but not parsed: for callers that parse it their own way.
    @inlinable
    public mutating func readNumberBytes() throws(JSONReaderError) -> UnsafeRawBufferPointer {
        try checkValueState()
        let i = input.skipWhitespace(position)
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        let b = input.byte(i)
        guard b == UInt8(ascii: "-") || b &- UInt8(ascii: "0") < 10 else {
            throw JSONReaderError(offset: i, reason: .expected("a number"))
        }
        let scanned = try input.scanNumber(from: i, limit: input.count, inString: false)
        position = scanned.end
        state = .afterValue
        return input.slice(i, scanned.end)
    }

    // MARK: - Internals

    /// Locates the number literal of the next value, bare or inside a string, and checks its grammar.
    /// `next` is where the value ends (after the closing quote for a string).
    @inlinable @inline(__always)
    func numberSpan() throws(JSONReaderError) -> NumberSpan {
        try checkValueState()
        let i = input.skipWhitespace(position)
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        let b = input.byte(i)
        if b == UInt8(ascii: "\"") {
            let string = try input.scanString(openingQuoteAt: i)
            guard !string.hasEscapes else { throw JSONReaderError(offset: i, reason: .invalidNumber(nil)) }
            guard string.end > i &+ 1 else { throw JSONReaderError(offset: i, reason: .invalidNumber(.empty)) }
            let scanned = try input.scanNumber(from: i &+ 1, limit: string.end, inString: true)
            guard scanned.end == string.end else {
                throw JSONReaderError(offset: scanned.end, reason: .invalidNumber(nil))
            }
            return NumberSpan(start: i &+ 1, end: string.end, next: string.end &+ 1, scan: scanned)
        }
        guard b == UInt8(ascii: "-") || b &- UInt8(ascii: "0") < 10 else {
            throw JSONReaderError(offset: i, reason: .expected("a number"))
        }
        let scanned = try input.scanNumber(from: i, limit: input.count, inString: false)
        return NumberSpan(start: i, end: scanned.end, next: scanned.end, scan: scanned)
    }

    /// The value of a plain integer literal (`-?` digits), from the magnitude the scan accumulated.
    @inlinable @inline(__always)
    static func int64(plain span: NumberSpan, at offset: Int) throws(JSONReaderError) -> Int64 {
        // 19 digits always fit a UInt64; 20 or more (no leading zeros) exceed Int64.
        guard span.scan.integerDigits <= 19 else { throw JSONReaderError(offset: offset, reason: .numberOutOfRange) }
        let magnitude = span.scan.magnitude
        if span.scan.isNegative {
            guard magnitude <= UInt64(Int64.max) &+ 1 else { throw JSONReaderError(offset: offset, reason: .numberOutOfRange) }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw JSONReaderError(offset: offset, reason: .numberOutOfRange) }
        return Int64(magnitude)
    }

    /// The exact `Int64` value of a decimal with a fraction or exponent in its literal.
    @usableFromInline
    static func int64(exactly components: DecimalComponents, at offset: Int) throws(JSONReaderError) -> Int64 {
        var magnitude = components.mantissa
        if magnitude != 0 {
            if components.exponent < 0 {
                for _ in 0..<Int(-components.exponent) {
                    let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 10)
                    guard remainder == 0 else { throw JSONReaderError(offset: offset, reason: .notAnInteger) }
                    magnitude = quotient
                }
            } else {
                for _ in 0..<Int(components.exponent) {
                    // Checked before each step, so the product stays far below UInt128's range.
                    guard magnitude <= UInt128(1) << 63 else { throw JSONReaderError(offset: offset, reason: .numberOutOfRange) }
                    magnitude *= 10
                }
            }
        }
        let limit = components.isNegative ? UInt128(1) << 63 : UInt128(Int64.max)
        guard magnitude <= limit else { throw JSONReaderError(offset: offset, reason: .numberOutOfRange) }
        return components.isNegative ? Int64(truncatingIfNeeded: 0 &- UInt64(magnitude)) : Int64(magnitude)
    }
}

/// Where a number literal is: `start..<end`, and `next` after the value (past the closing
/// quote when the number was sent as a string).
@usableFromInline
struct NumberSpan {
    @usableFromInline let start: Int
    @usableFromInline let end: Int
    @usableFromInline let next: Int
    @usableFromInline let scan: NumberScan

    @inlinable @inline(__always)
    init(start: Int, end: Int, next: Int, scan: NumberScan) {
        self.start = start
        self.end = end
        self.next = next
        self.scan = scan
    }

    @inlinable
    var isPlainInteger: Bool { scan.isPlainInteger }
}

/// What checking a number literal's grammar found on the way.
@usableFromInline
struct NumberScan {
    /// The index after the literal.
    @usableFromInline let end: Int
    /// No fraction and no exponent.
    @usableFromInline let isPlainInteger: Bool
    @usableFromInline let isNegative: Bool
    /// How many digits the integer part has.
    @usableFromInline let integerDigits: Int
    /// The integer part's value, exact when `integerDigits <= 19` (wrapped otherwise).
    @usableFromInline let magnitude: UInt64

    @inlinable @inline(__always)
    init(end: Int, isPlainInteger: Bool, isNegative: Bool, integerDigits: Int, magnitude: UInt64) {
        self.end = end
        self.isPlainInteger = isPlainInteger
        self.isNegative = isNegative
        self.integerDigits = integerDigits
        self.magnitude = magnitude
    }
}

extension JSONInput {
    /// Checks JSON's number grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, from
    /// `start` (which is below `limit`); returns where the literal ends (the first byte that
    /// cannot continue it, or `limit`) and the integer part's value.
    ///
    /// Runs of eight digits are checked and converted eight at a time. Running into `limit`
    /// where a digit is required is `unexpectedEnd` at the end of the buffer and
    /// `invalidNumber` inside a string.
    @inlinable
    func scanNumber(from start: Int, limit: Int, inString: Bool) throws(JSONReaderError) -> NumberScan {
        var i = start
        let negative = byte(i) == UInt8(ascii: "-")
        if negative { i &+= 1 }
        // Integer part.
        guard i < limit else { throw numberEnded(at: i, inString: inString) }
        let integerStart = i
        let first = byte(i) &- UInt8(ascii: "0")
        var magnitude = UInt64(first)
        if first == 0 {
            i &+= 1
            if i < limit && byte(i) &- UInt8(ascii: "0") < 10 {
                throw JSONReaderError(offset: i, reason: .invalidNumber(nil))     // leading zero
            }
        } else if first < 10 {
            i &+= 1
            while i &+ 8 <= limit {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                guard JSONInput.isEightDigits(word) else { break }
                magnitude = magnitude &* 100_000_000 &+ JSONInput.eightDigitsValue(word)
                i &+= 8
            }
            while i < limit {
                let digit = byte(i) &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                magnitude = magnitude &* 10 &+ UInt64(digit)
                i &+= 1
            }
        } else {
            throw JSONReaderError(offset: i, reason: .invalidNumber(nil))
        }
        let integerDigits = i &- integerStart
        var plain = true
        if i < limit && byte(i) == UInt8(ascii: ".") {
            plain = false
            i = try digits(from: i &+ 1, limit: limit, inString: inString)
        }
        if i < limit && byte(i) | 0x20 == UInt8(ascii: "e") {
            plain = false
            i &+= 1
            if i < limit && (byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-")) { i &+= 1 }
            i = try digits(from: i, limit: limit, inString: inString)
        }
        return NumberScan(end: i, isPlainInteger: plain, isNegative: negative, integerDigits: integerDigits, magnitude: magnitude)
    }

    /// One or more digits from `start`; returns the index after them.
    @inlinable @inline(__always)
    func digits(from start: Int, limit: Int, inString: Bool) throws(JSONReaderError) -> Int {
        guard start < limit else { throw numberEnded(at: start, inString: inString) }
        guard byte(start) &- UInt8(ascii: "0") < 10 else {
            throw JSONReaderError(offset: start, reason: .invalidNumber(nil))
        }
        var i = start &+ 1
        while i &+ 8 <= limit && JSONInput.isEightDigits(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))) {
            i &+= 8
        }
        while i < limit && byte(i) &- UInt8(ascii: "0") < 10 { i &+= 1 }
        return i
    }

    @usableFromInline
    func numberEnded(at index: Int, inString: Bool) -> JSONReaderError {
        JSONReaderError(offset: index, reason: inString ? .invalidNumber(nil) : .unexpectedEnd)
    }

    /// Whether all eight bytes of `word` are ASCII digits.
    @inlinable @inline(__always)
    static func isEightDigits(_ word: UInt64) -> Bool {
        // A digit is 0x30...0x39: its high nibble is 3, and adding 6 leaves it 3.
        let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        return (word & highNibbles) | (((word &+ 0x0606_0606_0606_0606) & highNibbles) >> 4) == 0x3333_3333_3333_3333
    }

    /// The value of eight ASCII digits loaded little-endian (the first digit in the lowest byte).
    @inlinable @inline(__always)
    static func eightDigitsValue(_ word: UInt64) -> UInt64 {
        // Byte k holds digit d[k]. Then byte 2j holds the pair 10·d[2j] + d[2j+1] (at most 99,
        // no carries), and the four pairs are weighted 10^6, 10^4, 10^2, 1 in the top half.
        var v = word & 0x0F0F_0F0F_0F0F_0F0F
        v = v &* 10 &+ (v >> 8)
        let pairs02 = (v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32))
        let pairs13 = ((v >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32))
        return (pairs02 &+ pairs13) >> 32
    }
}
