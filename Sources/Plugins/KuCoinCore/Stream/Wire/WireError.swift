import ExchangeKit

/// Why a message's `data` could not be decoded: malformed JSON, a missing required field,
/// or a field whose value cannot be right. Shared by the KuCoin decoders.
@usableFromInline
package struct WireError: Error, CustomStringConvertible {
    /// What went wrong.
    @usableFromInline
    package enum Kind: Sendable {
        /// The JSON reader failed, at or inside `field` when known.
        case json(JSONReaderError)
        /// A required field is absent.
        case missing
        /// The field is present but its value is not acceptable.
        case invalid(String)
    }

    /// What went wrong.
    @usableFromInline
    package var kind: Kind
    /// The field concerned, when there is one.
    @usableFromInline
    package var field: String?

    /// Creates an error about a field.
    @inlinable
    package init(_ kind: Kind, field: StaticString? = nil) {
        self.kind = kind
        self.field = field.map { $0.description }
    }

    /// A required field is absent.
    @inlinable
    package static func missing(_ field: StaticString) -> WireError { WireError(.missing, field: field) }

    /// A field holds a value that cannot be right.
    @inlinable
    package static func invalid(_ field: StaticString, _ reason: String) -> WireError { WireError(.invalid(reason), field: field) }

    /// The same error with its byte offset moved by `base` (for readers over a slice of the frame).
    @usableFromInline
    package func shifted(by base: Int) -> WireError {
        guard case .json(var error) = kind else { return self }
        error.offset += base
        var copy = self
        copy.kind = .json(error)
        return copy
    }

    @usableFromInline
    package var description: String {
        switch kind {
        case .json(let error): field.map { "\"\($0)\": \(error)" } ?? error.description
        case .missing: "missing \"\(field ?? "?")\""
        case .invalid(let reason): field.map { "\"\($0)\": \(reason)" } ?? reason
        }
    }
}
