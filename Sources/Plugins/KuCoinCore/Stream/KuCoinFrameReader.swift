import ExchangeKit

/// Reads a KuCoin frame's envelope and, for the common message layout, hands the `data`
/// value over to the caller in the same pass.
///
/// When `type`, `topic` and `subject` all come before `data` (every public market-data
/// message does), ``readHead(handingOverData:)`` stops at the `data` value and returns
/// ``Head/data(topic:subject:)``: the caller reads the value from ``json`` and then calls
/// ``finish()``. In any other order it reads the whole envelope and returns the byte range
/// of `data` (``Head/message(topic:subject:data:)``), to be read with a second reader.
///
/// ```swift
/// var frame = KuCoinFrameReader(bytes)
/// switch try frame.readHead() {
/// case .data(let topic, let subject):
///     let value = try MyWire.read(&frame.json)
///     try frame.finish()
/// case .message(let topic, let subject, let range):
///     var data = JSONReader(UnsafeRawBufferPointer(rebasing: bytes[range]))
///     let value = try MyWire.read(&data)
///     try data.finish()
/// case .control, .other: …
/// }
/// ```
///
/// Topics and subjects are views into the frame: they must not outlive it.
public struct KuCoinFrameReader {
    /// What the envelope says, as far as it was read.
    public enum Head {
        /// `welcome`, `pong`, `ack` or `error`, read to the end.
        case control(KuCoinFrame)
        /// A message read to the end; `data` is the byte range of its `data` value.
        case message(topic: JSONString, subject: JSONString?, data: Range<Int>)
        /// A message whose `data` value is next in ``KuCoinFrameReader/json``: read it, then call ``KuCoinFrameReader/finish()``.
        case data(topic: JSONString, subject: JSONString)
        /// A frame of another type, read to the end, with its topic and subject when it has them.
        case other(type: JSONString, topic: JSONString?, subject: JSONString?)
    }

    /// The reader over the whole frame; positioned at the `data` value after ``Head/data(topic:subject:)``.
    public var json: JSONReader
    /// The whole frame.
    @usableFromInline let frame: UnsafeRawBufferPointer

    /// Creates a reader over one frame; the bytes must outlive it and everything it returns.
    @inlinable
    public init(_ frame: UnsafeRawBufferPointer) {
        self.json = JSONReader(frame, maxDepth: 64)
        self.frame = frame
    }

    /// Reads the envelope up to the `data` value (when handing over) or to the end.
    /// - Parameter handingOverData: Whether to stop at `data` when `type` (`message`), `topic`
    ///   and `subject` came first; false always reads to the end.
    /// - Throws: ``JSONReaderError``: malformed JSON, a known key of the wrong type (`type`,
    ///   `topic`, `subject` must be strings, `id` a string or number, `code` a number or string),
    ///   or a missing key the frame needs (a message's `topic` and `data`, an ack's `id`).
    @inlinable
    public mutating func readHead(handingOverData: Bool = true) throws(JSONReaderError) -> Head {
        var type: JSONString?
        var topic: JSONString?
        var subject: JSONString?
        var id: RawValue?
        var code: RawValue?
        var data: Range<Int>?
        var dataIsString = false

        try json.beginObject()
        while let key = try json.nextKey() {
            if Self.matches(key.value, "data") {
                if handingOverData, let topic, let subject, let type, Self.matches(type, "message") {
                    return .data(topic: topic, subject: subject)
                }
                let start = try json.peekOffset()
                dataIsString = try json.peekKind() == .string
                try json.skipValue()
                data = start..<json.offset
            } else if Self.matches(key.value, "type") {
                type = try json.readStringBytes()
            } else if Self.matches(key.value, "topic") {
                topic = try json.readStringBytes()
            } else if Self.matches(key.value, "subject") {
                subject = try json.readNull() ? nil : json.readStringBytes()
            } else if Self.matches(key.value, "id") {
                id = try RawValue.read(&json, what: "a string or number id")
            } else if Self.matches(key.value, "code") {
                code = try RawValue.read(&json, what: "a number or string code")
            } else {
                try json.skipValue()
            }
        }
        try json.finish()

        guard let type else {
            // Legacy frames: a topic with data is a message even without a type.
            guard let topic else { throw missing("a \"type\" or \"topic\" key") }
            guard let data else { throw missing("a \"data\" key") }
            return .message(topic: topic, subject: subject, data: data)
        }
        if Self.matches(type, "message") {
            guard let topic else { throw missing("a \"topic\" key") }
            guard let data else { throw missing("a \"data\" key") }
            return .message(topic: topic, subject: subject, data: data)
        }
        if type.equals("welcome") { return .control(.welcome(id: id?.string)) }
        if type.equals("pong") { return .control(.pong(id: id?.string)) }
        if type.equals("ack") {
            guard let id else { throw missing("an \"id\" key") }
            return .control(.ack(id: id.string))
        }
        if type.equals("error") {
            return .control(.error(id: id?.string, code: code?.string, message: try errorText(data, isString: dataIsString)))
        }
        return .other(type: type, topic: topic, subject: subject)
    }

    /// Reads the rest of the envelope after the caller read the handed-over `data` value, and
    /// checks that the frame is complete.
    /// - Throws: ``JSONReaderError`` when the rest is malformed or truncated.
    @inlinable
    public mutating func finish() throws(JSONReaderError) {
        while try json.nextKey() != nil {
            try json.skipValue()
        }
        try json.finish()
    }

    // MARK: - Internals

    /// Whether `text` is exactly `name`.
    @inlinable @inline(__always)
    static func matches(_ text: JSONString, _ name: StaticString) -> Bool { text.equals(name) }

    @usableFromInline
    func missing(_ what: String) -> JSONReaderError {
        JSONReaderError(offset: frame.count, reason: .expected(what))
    }

    /// An error frame's reason: the `data` string, or the raw JSON of a non-string `data`; empty without one.
    @usableFromInline
    func errorText(_ data: Range<Int>?, isString: Bool) throws(JSONReaderError) -> String {
        guard let data else { return "" }
        let bytes = UnsafeRawBufferPointer(rebasing: frame[data])
        if isString {
            var reader = JSONReader(bytes)
            return try reader.readString()
        }
        if bytes.count == 4 && bytes.elementsEqual("null".utf8) { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An `id` or `code`: a string (unescaped on use) or a number's literal text.
    @usableFromInline
    enum RawValue {
        case string(JSONString)
        case number(UnsafeRawBufferPointer)

        @inlinable
        static func read(_ json: inout JSONReader, what: String) throws(JSONReaderError) -> RawValue? {
            switch try json.peekKind() {
            case .string: return .string(try json.readStringBytes())
            case .number: return .number(try json.readNumberBytes())
            case .null:
                _ = try json.readNull()
                return nil
            default:
                throw JSONReaderError(offset: json.offset, reason: .expected(what))
            }
        }

        @inlinable
        var string: String {
            switch self {
            case .string(let value): value.string
            case .number(let bytes): String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}

extension JSONReader {
    /// The offset of the next value's first byte (skips whitespace, consumes nothing).
    @inlinable
    mutating func peekOffset() throws(JSONReaderError) -> Int {
        _ = try peekKind()
        return offset
    }
}
