/// Why ``JSONReader`` could not read what was asked, and where.
///
/// `offset` is the byte offset into the reader's buffer of the byte that was
/// wrong (or of the start of the value that could not be read, for numbers out
/// of range). For ``Reason/unexpectedEnd`` it is the buffer's length.
public struct JSONReaderError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The input ended inside a value or before a required token.
        case unexpectedEnd
        /// A byte that cannot appear here (including an unescaped control character in a string).
        case unexpectedByte(UInt8)
        /// Something else was required here: a value of another kind, a `:` or `,`, a key.
        case expected(String)
        /// A backslash escape that is not one of JSON's, a `\u` without four hex digits, or a lone surrogate.
        case invalidEscape
        /// A string holds bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// Not a strict JSON number (or a string that holds one); the parser's reason when it rejected the literal's range or precision.
        case invalidNumber(DecimalParseError?)
        /// A well-formed number that does not fit the requested type (`Int64`).
        case numberOutOfRange
        /// A number with a fractional part where an integer was requested.
        case notAnInteger
        /// More nested objects and arrays than the reader's `maxDepth`.
        case tooDeep
        /// More than whitespace after the document.
        case trailingData
        /// The caller's calls do not fit the reader's position, e.g. reading a value
        /// before `nextKey()`/`nextElement()`, or `nextKey()` outside any container.
        case invalidCall(String)
    }

    /// The byte offset where reading failed.
    public var offset: Int
    /// What was wrong there.
    public var reason: Reason

    /// Creates an error.
    @inlinable
    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        "JSON error at byte \(offset): \(reason.text)"
    }
}

extension JSONReaderError.Reason {
    @usableFromInline
    var text: String {
        switch self {
        case .unexpectedEnd: "unexpected end of input"
        case .unexpectedByte(let byte): "unexpected byte \(Self.show(byte))"
        case .expected(let what): "expected \(what)"
        case .invalidEscape: "invalid escape sequence"
        case .invalidUTF8: "invalid UTF-8"
        case .invalidNumber(let cause?): "invalid number: \(cause)"
        case .invalidNumber(nil): "invalid number"
        case .numberOutOfRange: "number out of range"
        case .notAnInteger: "number is not an integer"
        case .tooDeep: "nesting too deep"
        case .trailingData: "data after the document"
        case .invalidCall(let what): "invalid call: \(what)"
        }
    }

    private static func show(_ byte: UInt8) -> String {
        let hex = "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        if byte >= 0x21 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))' (\(hex))"
        }
        return hex
    }
}
