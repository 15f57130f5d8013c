import ExchangeKit

extension JSONString {
    /// Whether the value is exactly `name` (``JSONString/equals(_:)``, kept as the decoder's spelling).
    @inline(__always)
    func matches(_ name: StaticString) -> Bool { equals(name) }
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
        JSONString.bytes(bytes, equal: name)
    }
}
