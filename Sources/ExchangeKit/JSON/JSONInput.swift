/// The bytes of one JSON document and the scanning code that runs over them.
///
/// Two words, passed in registers: the scanners are methods here rather than on
/// ``JSONReader`` so that calling them never copies the reader's mutable state
/// (which costs a store-forwarding stall per call on x86).
@usableFromInline
struct JSONInput {
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline let count: Int

    @inlinable
    init(_ bytes: UnsafeRawBufferPointer) {
        // An empty buffer may have no address. It is never read (count is 0), so any
        // non-null address stands in and keeps every load free of an optional check.
        self.base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        self.count = bytes.count
    }

    /// The byte at `index`; callers check `index < count` first.
    @inlinable @inline(__always)
    func byte(_ index: Int) -> UInt8 {
        base.load(fromByteOffset: index, as: UInt8.self)
    }

    /// The bytes in `start..<end`.
    @inlinable @inline(__always)
    func slice(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: end &- start)
    }

    /// The index of the first non-whitespace byte at or after `index` (or `count`).
    @inlinable @inline(__always)
    func skipWhitespace(_ index: Int) -> Int {
        var i = index
        while i < count {
            let b = byte(i)
            if b > 0x20 { return i }
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return i }
            i &+= 1
        }
        return i
    }

    /// Checks the literal `true`, `false` or `null` at `index` and returns the index after it.
    @usableFromInline
    func literalEnd(_ literal: StaticString, at index: Int) throws(JSONReaderError) -> Int {
        let length = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for k in 0..<length {
            let i = index + k
            guard i < count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
            let b = byte(i)
            guard b == start[k] else { throw JSONReaderError(offset: i, reason: .unexpectedByte(b)) }
        }
        return index + length
    }
}
