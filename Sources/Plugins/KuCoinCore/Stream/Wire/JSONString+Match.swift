import ExchangeKit

extension JSONString {
    /// Whether the value is exactly `name` (``JSONString/equals(_:)``, kept as the decoders' spelling).
    @inlinable @inline(__always)
    package func matches(_ name: StaticString) -> Bool { equals(name) }
}

extension Optional where Wrapped == JSONString {
    /// Whether the value is present and exactly `name`.
    @inlinable @inline(__always)
    package func matches(_ name: StaticString) -> Bool { self?.matches(name) ?? false }
}

extension JSONKey {
    /// Whether the key is exactly `name` (see ``JSONString/matches(_:)``).
    @inlinable @inline(__always)
    package func matches(_ name: StaticString) -> Bool { value.matches(name) }
}
