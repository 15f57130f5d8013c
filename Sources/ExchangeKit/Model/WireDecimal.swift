import Foundation

/// A decimal decoded from either a JSON string (`"96123.5"`) or a JSON number (`2.0E-4`).
///
/// Venues are inconsistent about which form they use, sometimes within one
/// payload. Number literals are read by Foundation's `JSONDecoder` from their
/// text (checked by the test suite), strings by ``DecimalParser``.
public struct WireDecimal: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The exact value.
    public var value: Decimal

    /// Wraps a value.
    public init(_ value: Decimal) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            do {
                value = try DecimalParser.parse(text)
            } catch {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\(error): \(text.prefix(64))")
            }
        } else {
            value = try container.decode(Decimal.self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.description)
    }

    public var description: String { value.description }
}

extension KeyedDecodingContainer {
    /// Decodes a decimal sent as a JSON string or number.
    public func decodeDecimal(forKey key: Key) throws -> Decimal {
        try decode(WireDecimal.self, forKey: key).value
    }

    /// Decodes a decimal sent as a JSON string or number; nil when absent, null or an empty string.
    public func decodeDecimalIfPresent(forKey key: Key) throws -> Decimal? {
        if (try? decodeNil(forKey: key)) ?? true { return nil }
        if let text = try? decode(String.self, forKey: key), text.isEmpty { return nil }
        return try decode(WireDecimal.self, forKey: key).value
    }
}
