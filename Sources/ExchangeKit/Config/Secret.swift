/// A secret string (API secret, passphrase) that never shows itself.
///
/// `description`, `debugDescription`, `dump` and string interpolation all print
/// `<redacted>`; only ``withUnredactedValue(_:)`` reaches the text, so every
/// place that uses a secret is easy to find.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps a secret value.
    public init(_ value: String) { self.value = value }

    /// Calls `body` with the secret's text. Do not let it escape into logs or errors.
    public func withUnredactedValue<T>(_ body: (String) throws -> T) rethrows -> T { try body(value) }

    /// Whether the secret is empty.
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "Secret(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
