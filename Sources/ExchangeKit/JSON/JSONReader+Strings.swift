extension JSONReader {
    /// Reads a string value, unescaped.
    ///
    /// The string was checked while it was scanned (escapes, surrogate pairs, UTF-8,
    /// control characters), so this only copies, and decodes escapes if there are any.
    /// Strings of up to 15 UTF-8 bytes are stored inline by Swift and allocate nothing.
    @inlinable
    public mutating func readString() throws(JSONReaderError) -> String {
        try readStringBytes().string
    }

    /// Reads a string value as an ``InlineID``: no allocation for up to 24 bytes without escapes.
    public mutating func readInlineID() throws(JSONReaderError) -> InlineID {
        let value = try readStringBytes()
        return value.hasEscapes ? InlineID(value.string) : InlineID(utf8: value.rawBytes)
    }

    /// Reads a string value as a view of its raw bytes between the quotes, for comparisons
    /// without allocating (`value == "buy"`, ``JSONString/equals(_:)``).
    ///
    /// The view points into the reader's buffer and must not outlive it.
    @inlinable
    public mutating func readStringBytes() throws(JSONReaderError) -> JSONString {
        try checkValueState()
        let i = input.skipWhitespace(position)
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        guard input.byte(i) == UInt8(ascii: "\"") else { throw JSONReaderError(offset: i, reason: .expected("a string")) }
        let scanned = try input.scanString(openingQuoteAt: i)
        position = scanned.end &+ 1
        state = .afterValue
        return JSONString(
            rawBytes: input.slice(i &+ 1, scanned.end),
            hasEscapes: scanned.hasEscapes)
    }
}

extension JSONInput {
    // MARK: - Scanning

    /// Finds the closing quote of the string whose opening quote is at `quote`, checking
    /// everything in between. Returns the closing quote's index and whether there were escapes.
    ///
    /// Plain ASCII is skipped eight bytes at a time; the first byte that needs a look
    /// (quote, backslash, control character, non-ASCII) ends the fast loop.
    @inlinable @inline(__always)
    func scanString(openingQuoteAt quote: Int) throws(JSONReaderError) -> (end: Int, hasEscapes: Bool) {
        var i = quote &+ 1
        while i &+ 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let special = JSONInput.specialBytes(word)
            if special == 0 {
                i &+= 8
                continue
            }
            i &+= special.trailingZeroBitCount &>> 3
            if byte(i) == UInt8(ascii: "\"") { return (i, false) }
            return try scanStringSlow(from: i, hasEscapes: false)
        }
        while i < count {
            let b = byte(i)
            if b == UInt8(ascii: "\"") { return (i, false) }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { return try scanStringSlow(from: i, hasEscapes: false) }
            i &+= 1
        }
        throw JSONReaderError(offset: count, reason: .unexpectedEnd)
    }

    /// High bit set in each byte of `word` that is `"`, `\`, below 0x20 or at least 0x80.
    ///
    /// The lowest set bit is always exact (borrows only run towards higher bytes), which is
    /// all the scanner uses.
    @inlinable @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let hasQuote = (quotes &- ones) & ~quotes
        let hasBackslash = (backslashes &- ones) & ~backslashes
        let hasControl = (word &- ones &* 0x20) & ~word
        return (hasQuote | hasBackslash | hasControl | word) & highs
    }

    /// The general string scanner from `index` on: escapes, UTF-8 and control characters.
    @usableFromInline
    func scanStringSlow(from index: Int, hasEscapes: Bool) throws(JSONReaderError) -> (end: Int, hasEscapes: Bool) {
        var i = index
        var escapes = hasEscapes
        while i < count {
            let b = byte(i)
            if b == UInt8(ascii: "\"") {
                return (i, escapes)
            } else if b == UInt8(ascii: "\\") {
                escapes = true
                i = try escapeEnd(at: i)
            } else if b < 0x20 {
                throw JSONReaderError(offset: i, reason: .unexpectedByte(b))
            } else if b >= 0x80 {
                i = try utf8SequenceEnd(at: i)
            } else {
                i &+= 1
                // Back to eight bytes at a time for the ASCII run that usually follows.
                while i &+ 8 <= count {
                    let special = JSONInput.specialBytes(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                    if special != 0 {
                        i &+= special.trailingZeroBitCount &>> 3
                        break
                    }
                    i &+= 8
                }
            }
        }
        throw JSONReaderError(offset: count, reason: .unexpectedEnd)
    }

    /// Checks the escape sequence whose backslash is at `index`; returns the index after it.
    /// A `\u` high surrogate must be followed by a `\u` low surrogate; a lone surrogate is an error.
    @usableFromInline
    func escapeEnd(at index: Int) throws(JSONReaderError) -> Int {
        guard index &+ 1 < count else { throw JSONReaderError(offset: count, reason: .unexpectedEnd) }
        switch byte(index &+ 1) {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index &+ 2
        case UInt8(ascii: "u"):
            let unit = try hex4(at: index &+ 2)
            if unit & 0xF800 != 0xD800 { return index &+ 6 }                     // not a surrogate
            guard unit < 0xDC00 else { throw JSONReaderError(offset: index, reason: .invalidEscape) }   // lone low surrogate
            // A high surrogate: its low half must follow as another \u escape.
            let next = index &+ 6
            guard next < count else { throw JSONReaderError(offset: count, reason: .unexpectedEnd) }
            guard byte(next) == UInt8(ascii: "\\") else { throw JSONReaderError(offset: index, reason: .invalidEscape) }
            guard next &+ 1 < count else { throw JSONReaderError(offset: count, reason: .unexpectedEnd) }
            guard byte(next &+ 1) == UInt8(ascii: "u") else { throw JSONReaderError(offset: index, reason: .invalidEscape) }
            let low = try hex4(at: next &+ 2)
            guard low & 0xFC00 == 0xDC00 else { throw JSONReaderError(offset: index, reason: .invalidEscape) }
            return next &+ 6
        default:
            throw JSONReaderError(offset: index, reason: .invalidEscape)
        }
    }

    /// The four hex digits at `index` as a UTF-16 code unit.
    @usableFromInline
    func hex4(at index: Int) throws(JSONReaderError) -> UInt32 {
        var value: UInt32 = 0
        for i in index..<(index &+ 4) {
            guard i < count else { throw JSONReaderError(offset: count, reason: .unexpectedEnd) }
            guard let digit = JSONString.hexValue(byte(i)) else { throw JSONReaderError(offset: i, reason: .invalidEscape) }
            value = value << 4 | digit
        }
        return value
    }

    /// Checks the well-formed UTF-8 sequence (Unicode table 3-7) whose lead byte is at `index`;
    /// returns the index after it. Overlong forms, surrogates and values above U+10FFFF are errors.
    @usableFromInline
    func utf8SequenceEnd(at index: Int) throws(JSONReaderError) -> Int {
        let lead = byte(index)
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONReaderError(offset: index, reason: .invalidUTF8)
        }
        for k in 1..<length {
            let i = index &+ k
            guard i < count else { throw JSONReaderError(offset: count, reason: .unexpectedEnd) }
            let b = byte(i)
            guard b >= low && b <= high else { throw JSONReaderError(offset: index, reason: .invalidUTF8) }
            low = 0x80
            high = 0xBF
        }
        return index &+ length
    }
}
