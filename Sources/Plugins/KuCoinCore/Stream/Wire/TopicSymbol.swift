import ExchangeKit
import Foundation

/// The symbol a topic names after its `:`, if any, checked against the one the data names.
@usableFromInline
package struct TopicSymbol {
    /// The bytes after the `:`; empty when the topic names no symbol (`/contract/positionAll`).
    @usableFromInline
    package let bytes: UnsafeRawBufferPointer

    /// Wraps the bytes after a topic's `:`.
    @inlinable
    package init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// A topic without a symbol.
    @inlinable
    package static var none: TopicSymbol { TopicSymbol(bytes: UnsafeRawBufferPointer(start: nil, count: 0)) }

    /// Whether the topic names exactly one symbol (not none, not a comma-separated list).
    @inlinable
    package var isSingle: Bool { bytes.count > 0 && !bytes.contains(UInt8(ascii: ",")) }

    /// The topic's symbol as a string; missing (a `WireError`) when the topic names none.
    @inlinable
    package func required() throws(WireError) -> String {
        guard isSingle else { throw WireError.invalid("topic", "names no single symbol") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The symbol of a message: the data's `symbol` when it has one (it must then match the
    /// topic's), else the topic's.
    @inlinable
    package func resolve(_ data: JSONString?) throws(WireError) -> String {
        guard let data else {
            guard isSingle else { throw WireError.missing("symbol") }
            return String(decoding: bytes, as: UTF8.self)
        }
        let symbol = data.string
        if isSingle {
            let matches = data.hasEscapes
                ? symbol.utf8.elementsEqual(bytes)
                : data.rawBytes.count == bytes.count && memcmp(data.rawBytes.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            guard matches else {
                throw WireError.invalid("symbol", "\"\(symbol)\" is not the topic's \"\(String(decoding: bytes, as: UTF8.self))\"")
            }
        }
        guard !symbol.isEmpty else { throw WireError.invalid("symbol", "empty") }
        return symbol
    }
}
