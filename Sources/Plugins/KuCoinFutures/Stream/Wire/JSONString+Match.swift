import ExchangeKit

extension JSONString {
    /// Whether the value is exactly `name`: ``JSONString/equals(_:)`` without its closure, for
    /// the per-key comparisons of the hot path (a length check, then word compares).
    @inline(__always)
    func matches(_ name: StaticString) -> Bool {
        guard !hasEscapes, name.hasPointerRepresentation else { return equals(name) }
        return LiteralBytes.equal(rawBytes, name)
    }
}

extension Optional where Wrapped == JSONString {
    /// Whether the value is present and exactly `name`.
    @inline(__always)
    func matches(_ name: StaticString) -> Bool { self?.matches(name) ?? false }
}

extension JSONKey {
    /// Whether the key is exactly `name` (see ``JSONString/matches(_:)``).
    @inline(__always)
    func matches(_ name: StaticString) -> Bool { value.matches(name) }
}

/// Byte comparisons against literals.
enum LiteralBytes {
    /// Whether `bytes` are the UTF-8 of `name` (which must have a pointer representation).
    @inline(__always)
    static func equal(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        guard count > 0 else { return true }
        let a = bytes.baseAddress!
        let b = UnsafeRawPointer(name.utf8Start)
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
}
