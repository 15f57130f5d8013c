import ExchangeKit

/// A JSON document that keeps every scalar as its literal text, so a frame can be edited in
/// one place (a member removed, a value replaced) with every other byte as the venue wrote it.
///
/// Parsed with ``JSONReader``; white space between tokens is not kept.
public indirect enum RawJSON: Sendable, Hashable {
    /// An object's members in order; keys as their raw (still escaped) text.
    case object([Member])
    /// An array's elements.
    case array([RawJSON])
    /// A string, number, boolean or null, as its literal text (`"96000.5"` with quotes, `96000.5`, `true`).
    case literal(String)

    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The key's raw text, without quotes.
        public var key: String
        /// The value.
        public var value: RawJSON
    }

    /// One step of a path into a document.
    public enum Step: Sendable, Hashable, CustomStringConvertible {
        /// An object member, by key.
        case key(String)
        /// An array element, by index.
        case index(Int)

        public var description: String {
            switch self {
            case .key(let key): ".\(key)"
            case .index(let index): "[\(index)]"
            }
        }
    }

    /// Parses a document.
    /// - Throws: ``JSONReaderError`` when it is not well-formed JSON.
    public init(parsing bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { buffer in
            var reader = JSONReader(buffer, maxDepth: 512)
            let value = try Self.read(&reader, buffer)
            try reader.finish()
            return value
        }
    }

    private static func read(_ reader: inout JSONReader, _ buffer: UnsafeRawBufferPointer) throws -> RawJSON {
        switch try reader.peekKind() {
        case .object:
            try reader.beginObject()
            var members: [Member] = []
            while let key = try reader.nextKey() {
                members.append(Member(key: String(decoding: key.value.rawBytes, as: UTF8.self), value: try read(&reader, buffer)))
            }
            return .object(members)
        case .array:
            try reader.beginArray()
            var elements: [RawJSON] = []
            while try reader.nextElement() { elements.append(try read(&reader, buffer)) }
            return .array(elements)
        default:
            _ = try reader.peekKind()
            let start = reader.offset
            try reader.skipValue()
            return .literal(String(decoding: buffer[start..<reader.offset], as: UTF8.self))
        }
    }

    /// The document's text, compact.
    public var text: String {
        switch self {
        case .object(let members): "{" + members.map { "\"\($0.key)\":\($0.value.text)" }.joined(separator: ",") + "}"
        case .array(let elements): "[" + elements.map(\.text).joined(separator: ",") + "]"
        case .literal(let literal): literal
        }
    }

    /// Every path to a value inside the document (not the document itself), depth first.
    public var paths: [[Step]] {
        switch self {
        case .object(let members):
            members.flatMap { member in [[Step.key(member.key)]] + member.value.paths.map { [.key(member.key)] + $0 } }
        case .array(let elements):
            elements.indices.flatMap { index in [[Step.index(index)]] + elements[index].paths.map { [.index(index)] + $0 } }
        case .literal:
            []
        }
    }

    /// The value at `path`, nil when there is none.
    public subscript(path: [Step]) -> RawJSON? {
        guard let first = path.first else { return self }
        switch (self, first) {
        case (.object(let members), .key(let key)): return members.first { $0.key == key }?.value[Array(path.dropFirst())]
        case (.array(let elements), .index(let index)) where elements.indices.contains(index): return elements[index][Array(path.dropFirst())]
        default: return nil
        }
    }

    /// A copy with the value at `path` replaced, or removed when `value` is nil.
    public func replacing(_ path: [Step], with value: RawJSON?) -> RawJSON {
        guard let first = path.first else { return value ?? self }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(var members), .key(let key)):
            guard let index = members.firstIndex(where: { $0.key == key }) else { return self }
            if rest.isEmpty, value == nil {
                members.remove(at: index)
            } else {
                members[index].value = members[index].value.replacing(rest, with: value)
            }
            return .object(members)
        case (.array(var elements), .index(let index)) where elements.indices.contains(index):
            if rest.isEmpty, value == nil {
                elements.remove(at: index)
            } else {
                elements[index] = elements[index].replacing(rest, with: value)
            }
            return .array(elements)
        default:
            return self
        }
    }

    /// The literal's kind from its first character, nil for objects and arrays.
    public var literalKind: JSONReader.ValueKind? {
        guard case .literal(let text) = self, let first = text.utf8.first else { return nil }
        switch first {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }
}
