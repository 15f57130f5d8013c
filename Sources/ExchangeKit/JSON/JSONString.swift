/// A JSON string value as a view of its raw bytes between the quotes.
///
/// Made by ``JSONReader/readStringBytes()``, which has already checked the
/// bytes (escapes, surrogate pairs, UTF-8, control characters). Compare it
/// without allocating — `value == "buy"` or `value.equals("buy")` — or decode it
/// with ``string``. Points into the reader's buffer: must not outlive it.
public struct JSONString: CustomStringConvertible {
    /// The bytes between the quotes, exactly as sent (escapes not decoded).
    public let rawBytes: UnsafeRawBufferPointer
    /// Whether the raw bytes contain backslash escapes.
    public let hasEscapes: Bool

    @usableFromInline
    init(rawBytes: UnsafeRawBufferPointer, hasEscapes: Bool) {
        self.rawBytes = rawBytes
        self.hasEscapes = hasEscapes
    }

    /// The number of raw bytes between the quotes; the UTF-8 length of the value when it has no escapes.
    @inlinable
    public var count: Int { rawBytes.count }

    /// Whether the value (unescaped) is exactly `other`, byte for byte in UTF-8.
    /// Without escapes this is a length check and a memory compare.
    @inlinable @inline(__always)
    public func equals(_ other: StaticString) -> Bool {
        if hasEscapes { return JSONString.unescapedEquals(rawBytes, other) }
        // A literal with a pointer is compared directly: `withUTF8Buffer`'s closure is not
        // inlined across modules and showed in the per-key cost of venue decoders.
        if other.hasPointerRepresentation { return JSONString.bytes(rawBytes, equal: other) }
        return other.withUTF8Buffer { literal in
            literal.count == rawBytes.count
                && (literal.count == 0 || JSONString.bytesEqual(rawBytes.baseAddress!, UnsafeRawPointer(literal.baseAddress!), literal.count))
        }
    }

    /// Whether raw bytes are exactly the UTF-8 of a literal that has a pointer representation
    /// (a length check, then word compares); for venue decoders' hot paths.
    @inlinable @inline(__always)
    public static func bytes(_ bytes: UnsafeRawBufferPointer, equal name: StaticString) -> Bool {
        precondition(name.hasPointerRepresentation, "compare a string literal, not a single scalar")
        let count = name.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        guard count > 0 else { return true }
        return bytesEqual(bytes.baseAddress!, UnsafeRawPointer(name.utf8Start), count)
    }

    /// The value, unescaped.
    @inlinable
    public var string: String {
        if hasEscapes { return JSONString.unescapedString(rawBytes) }
        return String(decoding: rawBytes, as: UTF8.self)
    }

    public var description: String { string }

    /// Whether `lhs` (unescaped) is exactly `rhs`.
    @inlinable
    public static func == (lhs: JSONString, rhs: StaticString) -> Bool { lhs.equals(rhs) }

    /// Whether `lhs` (unescaped) is not `rhs`.
    @inlinable
    public static func != (lhs: JSONString, rhs: StaticString) -> Bool { !lhs.equals(rhs) }

    // MARK: - Internals

    @inlinable @inline(__always)
    static func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        var i = 0
        while i &+ 8 <= count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i &+= 8
        }
        while i < count {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i &+= 1
        }
        return true
    }

    @usableFromInline
    static func unescapedEquals(_ raw: UnsafeRawBufferPointer, _ other: StaticString) -> Bool {
        // Unescaping never lengthens the bytes, so raw.count is enough room.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(raw.count, 1)) { buffer in
            let length = unescape(raw, into: buffer)
            return other.withUTF8Buffer { literal in
                literal.count == length
                    && (length == 0 || bytesEqual(UnsafeRawPointer(buffer.baseAddress!), UnsafeRawPointer(literal.baseAddress!), length))
            }
        }
    }

    @usableFromInline
    static func unescapedString(_ raw: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: max(raw.count, 1)) { buffer in unescape(raw, into: buffer) }
    }

    /// Decodes the escapes in `raw` into UTF-8 in `output` (at least `raw.count` bytes); returns the length.
    ///
    /// Every escape is longer than its UTF-8, so the output never outgrows the input. The
    /// reader checked the escapes already; should the bytes be malformed all the same
    /// (the buffer changed since), this stays in bounds and writes U+FFFD or nothing.
    @usableFromInline
    static func unescape(_ raw: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let n = min(raw.count, output.count)
        var i = 0
        var o = 0
        while i < n {
            let b = raw[i]
            if b != UInt8(ascii: "\\") {
                output[o] = b
                o += 1
                i += 1
                continue
            }
            guard i + 1 < n else { break }
            let decoded: UInt8
            switch raw[i + 1] {
            case UInt8(ascii: "\""): decoded = 0x22
            case UInt8(ascii: "\\"): decoded = 0x5C
            case UInt8(ascii: "/"): decoded = 0x2F
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "f"): decoded = 0x0C
            case UInt8(ascii: "n"): decoded = 0x0A
            case UInt8(ascii: "r"): decoded = 0x0D
            case UInt8(ascii: "t"): decoded = 0x09
            case UInt8(ascii: "u"):
                guard let unit = hex4(raw, i + 2) else {
                    i += 2
                    continue
                }
                var scalar = unit
                var used = 6
                if unit & 0xFC00 == 0xD800 {
                    if i + 12 <= n, raw[i + 6] == UInt8(ascii: "\\"), raw[i + 7] == UInt8(ascii: "u"),
                       let low = hex4(raw, i + 8), low & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        used = 12
                    } else {
                        scalar = 0xFFFD
                    }
                } else if unit & 0xFC00 == 0xDC00 {
                    scalar = 0xFFFD
                }
                o += encodeUTF8(scalar, into: output, at: o)
                i += used
                continue
            default:
                i += 2
                continue
            }
            output[o] = decoded
            o += 1
            i += 2
        }
        return o
    }

    /// Writes `scalar` as UTF-8 at `index`; returns the bytes written (1–4).
    @usableFromInline
    static func encodeUTF8(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            output[index] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[index] = UInt8(0xC0 | scalar >> 6)
            output[index + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[index] = UInt8(0xE0 | scalar >> 12)
            output[index + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[index + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[index] = UInt8(0xF0 | scalar >> 18)
            output[index + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[index + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[index + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }

    @usableFromInline
    static func hex4(_ raw: UnsafeRawBufferPointer, _ index: Int) -> UInt32? {
        guard index + 4 <= raw.count else { return nil }
        var value: UInt32 = 0
        for i in index..<(index + 4) {
            guard let digit = hexValue(raw[i]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    @usableFromInline
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

/// An object key: a view of its raw bytes in the reader's buffer, compared without allocating.
///
/// Made by ``JSONReader/nextKey()``. Must not outlive the reader's buffer.
public struct JSONKey: CustomStringConvertible {
    /// The key as a string view.
    public let value: JSONString

    @usableFromInline
    init(_ value: JSONString) { self.value = value }

    /// Whether the key (unescaped) is exactly `other`; a length check and a memory compare when
    /// the key has no escapes, which venue keys never do.
    @inlinable
    public func equals(_ other: StaticString) -> Bool { value.equals(other) }

    /// The key, unescaped.
    @inlinable
    public var string: String { value.string }

    /// The bytes between the quotes, exactly as sent.
    @inlinable
    public var rawBytes: UnsafeRawBufferPointer { value.rawBytes }

    /// Whether the raw bytes contain backslash escapes.
    @inlinable
    public var hasEscapes: Bool { value.hasEscapes }

    /// The number of raw bytes between the quotes; the key's UTF-8 length when it has no escapes.
    @inlinable
    public var count: Int { value.count }

    public var description: String { value.string }

    /// Whether `lhs` (unescaped) is exactly `rhs`.
    @inlinable
    public static func == (lhs: JSONKey, rhs: StaticString) -> Bool { lhs.value.equals(rhs) }

    /// Whether `lhs` (unescaped) is not `rhs`.
    @inlinable
    public static func != (lhs: JSONKey, rhs: StaticString) -> Bool { !lhs.value.equals(rhs) }
}
