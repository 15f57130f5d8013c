import Foundation

/// A decimal written as text or an integer in source code: `price: "96000.5"`, `size: 3`.
///
/// It deliberately has no floating-point literal form: `96000.1` as a `Decimal`
/// literal goes through `Double` and is not what was written.
public struct ExactDecimal: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The value.
    public let value: Decimal

    /// Wraps a value.
    public init(_ value: Decimal) { self.value = value }

    /// Parses text.
    /// - Throws: ``DecimalParseError``.
    public init(parsing text: String) throws(DecimalParseError) { value = try DecimalParser.parse(text) }

    /// A decimal literal written as a string; an invalid one is a programming error caught at its first use.
    public init(stringLiteral text: String) {
        do {
            value = try DecimalParser.parse(text)
        } catch {
            preconditionFailure("\"\(text)\" is not a decimal literal: \(error)")
        }
    }

    public init(integerLiteral value: Int) { self.value = Decimal(value) }

    public var description: String { value.description }
}
