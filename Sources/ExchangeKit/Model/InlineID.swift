/// A venue's identifier (an order id, a trade id) stored in place when it is short, so decoding
/// one allocates nothing.
///
/// Swift keeps strings of up to 15 UTF-8 bytes inline; KuCoin's 24-character order ids and
/// 17-digit spot trade ids are not, and they made half the cost of decoding a KuCoin trade. An
/// `InlineID` holds up to 24 bytes in three machine words and a length, and falls back to a
/// `String` beyond that. It reads back as the same text: ``description``, ``string``,
/// comparisons with string literals.
public struct InlineID: Hashable, Sendable, Codable, CustomStringConvertible, CustomReflectable, ExpressibleByStringLiteral {
    private enum Storage: Hashable, Sendable {
        /// The text's bytes in three words, and its length.
        case inline(UInt64, UInt64, UInt64, UInt8)
        case string(String)
    }

    private let storage: Storage

    /// The longest text kept inline.
    public static let inlineCapacity = 24

    /// An id holding `text`.
    public init(_ text: String) {
        var text = text
        storage = text.withUTF8 { InlineID.storage(of: UnsafeRawBufferPointer($0)) } ?? .string(text)
    }

    /// An id holding the UTF-8 text in `bytes` (not validated: a decoder passes bytes its JSON
    /// reader has checked).
    public init(utf8 bytes: UnsafeRawBufferPointer) {
        storage = InlineID.storage(of: bytes) ?? .string(String(decoding: bytes, as: UTF8.self))
    }

    public init(stringLiteral value: String) { self.init(value) }

    private static func storage(of bytes: UnsafeRawBufferPointer) -> Storage? {
        guard bytes.count <= inlineCapacity else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            if bytes.count > 0 { raw.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        }
        return .inline(words.0, words.1, words.2, UInt8(bytes.count))
    }

    /// Calls `body` with the id's UTF-8 bytes.
    public func withUTF8<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch storage {
        case .inline(let a, let b, let c, let count):
            var words = (a, b, c)
            return try withUnsafeBytes(of: &words) { raw in
                try body(UnsafeRawBufferPointer(rebasing: raw[0..<Int(count)]))
            }
        case .string(var text):
            return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        }
    }

    /// The id as a `String`.
    public var string: String {
        switch storage {
        case .inline: withUTF8 { String(decoding: $0, as: UTF8.self) }
        case .string(let text): text
        }
    }

    public var description: String { string }

    /// Reflects as its text (a leaf), not as the words it is stored in.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: nil) }

    /// The id's length in UTF-8 bytes.
    public var utf8Count: Int { withUTF8 { $0.count } }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}
