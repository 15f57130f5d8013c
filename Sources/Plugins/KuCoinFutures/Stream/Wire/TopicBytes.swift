import ExchangeKit
import Foundation

/// A message's topic as raw bytes (`/contractMarket/execution:XBTUSDTM`), matched by prefix
/// without building a string.
struct TopicBytes {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Whether the topic starts with `prefix`.
    @inline(__always)
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return LiteralBytes.equal(UnsafeRawBufferPointer(rebasing: bytes[..<count]), prefix)
    }

    /// Whether the topic is exactly `name`.
    @inline(__always)
    func equals(_ name: StaticString) -> Bool {
        bytes.count == name.utf8CodeUnitCount && hasPrefix(name)
    }

    /// The part after `prefix` (which the topic starts with): the symbol of `/…:SYMBOL` topics.
    @inline(__always)
    func suffix(after prefix: StaticString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[prefix.utf8CodeUnitCount...])
    }

    /// The symbol part after `prefix` (which the topic starts with).
    @inline(__always)
    func symbol(after prefix: StaticString) -> TopicSymbol { TopicSymbol(bytes: suffix(after: prefix)) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
