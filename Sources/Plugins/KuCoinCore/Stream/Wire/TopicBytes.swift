import ExchangeKit
import Foundation

/// A message's topic as raw bytes (`/contractMarket/execution:XBTUSDTM`), matched by prefix
/// without building a string.
@usableFromInline
package struct TopicBytes {
    /// The topic's bytes (unescaped).
    @usableFromInline
    package let bytes: UnsafeRawBufferPointer

    /// Wraps a topic's bytes.
    @inlinable
    package init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Whether the topic starts with `prefix`.
    @inlinable @inline(__always)
    package func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return JSONString.bytes(UnsafeRawBufferPointer(rebasing: bytes[..<count]), equal: prefix)
    }

    /// Whether the topic is exactly `name`.
    @inlinable @inline(__always)
    package func equals(_ name: StaticString) -> Bool {
        bytes.count == name.utf8CodeUnitCount && hasPrefix(name)
    }

    /// The part after `prefix` (which the topic starts with): the symbol of `/…:SYMBOL` topics.
    @inlinable @inline(__always)
    package func suffix(after prefix: StaticString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[prefix.utf8CodeUnitCount...])
    }

    /// The symbol part after `prefix` (which the topic starts with).
    @inlinable @inline(__always)
    package func symbol(after prefix: StaticString) -> TopicSymbol { TopicSymbol(bytes: suffix(after: prefix)) }

    /// The topic as text.
    @usableFromInline
    package var string: String { String(decoding: bytes, as: UTF8.self) }
}
