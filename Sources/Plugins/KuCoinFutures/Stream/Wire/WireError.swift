import ExchangeKit

/// Why a message's `data` could not be decoded: malformed JSON, a missing required field,
/// or a field whose value cannot be right.
struct WireError: Error, CustomStringConvertible {
    enum Kind {
        /// The JSON reader failed, at or inside `field` when known.
        case json(JSONReaderError)
        /// A required field is absent.
        case missing
        /// The field is present but its value is not acceptable.
        case invalid(String)
    }

    var kind: Kind
    /// The field concerned, when there is one.
    var field: String?

    init(_ kind: Kind, field: StaticString? = nil) {
        self.kind = kind
        self.field = field.map { $0.description }
    }

    static func missing(_ field: StaticString) -> WireError { WireError(.missing, field: field) }

    static func invalid(_ field: StaticString, _ reason: String) -> WireError { WireError(.invalid(reason), field: field) }

    /// The same error with its byte offset moved by `base` (for readers over a slice of the frame).
    func shifted(by base: Int) -> WireError {
        guard case .json(var error) = kind else { return self }
        error.offset += base
        var copy = self
        copy.kind = .json(error)
        return copy
    }

    var description: String {
        switch kind {
        case .json(let error): field.map { "\"\($0)\": \(error)" } ?? error.description
        case .missing: "missing \"\(field ?? "?")\""
        case .invalid(let reason): field.map { "\"\($0)\": \(reason)" } ?? reason
        }
    }
}
