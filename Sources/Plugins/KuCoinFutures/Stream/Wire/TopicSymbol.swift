import ExchangeKit
import Foundation

/// The symbol a topic names after its `:`, if any, checked against the one the data names.
struct TopicSymbol {
    /// The bytes after the `:`; empty when the topic names no symbol (`/contract/positionAll`).
    let bytes: UnsafeRawBufferPointer

    static var none: TopicSymbol { TopicSymbol(bytes: UnsafeRawBufferPointer(start: nil, count: 0)) }

    /// The topic's symbol as a string; missing (a `WireError`) when the topic names none.
    func required() throws(WireError) -> String {
        guard bytes.count > 0, !bytes.contains(UInt8(ascii: ",")) else {
            throw WireError.invalid("topic", "names no single symbol")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The symbol of a message: the data's `symbol` when it has one (it must then match the
    /// topic's), else the topic's.
    func resolve(_ data: JSONString?) throws(WireError) -> String {
        guard let data else {
            guard bytes.count > 0, !bytes.contains(UInt8(ascii: ",")) else { throw WireError.missing("symbol") }
            return String(decoding: bytes, as: UTF8.self)
        }
        let symbol = data.string
        if bytes.count > 0 && !bytes.contains(UInt8(ascii: ",")) {
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
