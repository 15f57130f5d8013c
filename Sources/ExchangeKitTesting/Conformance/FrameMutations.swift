/// The frames the synthetic checks derive from a venue's own samples.
enum FrameMutations {
    /// A mutated frame and what was done to it.
    struct Mutant {
        /// `ws/<sample>.json: .data.price set to null`.
        var description: String
        var bytes: [UInt8]
        /// For number mutations: the new literal's text without quotes, which a decoder may carry verbatim (an id).
        var literal: String?
        /// Where the frame was changed (empty when it was not edited in one place).
        var path: [RawJSON.Step] = []
        /// The frame with another valid value in the same place: when that decodes to the sample's
        /// own values too, the decoder does not use the value, so an unchanged result proves nothing wrong.
        var control: [UInt8]?
    }

    /// A marker the serializer writes where invalid UTF-8 goes afterwards (a `String` cannot hold it).
    static let invalidMarker = "\u{E000}conformance-invalid-utf8\u{E000}"

    /// What stands in for a value of the wrong type: an object for a scalar (venues accept numbers
    /// as strings and the reverse, so only a container is surely wrong), a string for a container.
    static func wrongType(for value: RawJSON) -> RawJSON {
        value.literalKind == nil ? .literal("\"conformance\"") : .literal("{}")
    }

    /// A decimal number's text, from a number literal or a string holding one; nil otherwise.
    static func number(in value: RawJSON) -> (text: String, quoted: Bool)? {
        guard case .literal(let literal) = value else { return nil }
        let quoted = literal.hasPrefix("\"")
        let text = quoted ? String(literal.dropFirst().dropLast()) : literal
        guard isDecimal(text) else { return nil }
        return (text, quoted)
    }

    static func isDecimal(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.hasPrefix("-") { rest = rest.dropFirst() }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let exponent = rest.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return false }
        guard !exponent.isEmpty else { return true }
        var digits = exponent.dropFirst()
        if digits.hasPrefix("+") || digits.hasPrefix("-") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The same number in exponent form (`90503.9` → `9.05039E4`, `0.0002` → `2E-4`); nil when it already is.
    static func exponentForm(_ text: String) -> String? {
        guard !text.contains("e"), !text.contains("E") else { return nil }
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = integer + fraction
        guard let first = digits.firstIndex(where: { $0 != "0" }) else { return (negative ? "-" : "") + "0E0" }
        let significant = digits[first...]
        let exponent = integer.count - 1 - digits.distance(from: digits.startIndex, to: first)
        let mantissa = significant.count > 1 ? "\(significant.first!).\(significant.dropFirst())" : String(significant)
        return (negative ? "-" : "") + mantissa + "E" + String(exponent)
    }

    /// Another number of the same form and length (`90503.9` → `10503.9`): the first non-zero
    /// digit changed; nil for zero.
    static func otherValue(_ text: String) -> String? {
        guard let index = text.firstIndex(where: { $0 >= "1" && $0 <= "9" }) else { return nil }
        var other = text
        other.replaceSubrange(index...index, with: text[index] == "1" ? "2" : "1")
        return other
    }

    /// The number negated (a negative one loses its sign).
    static func negated(_ text: String) -> String {
        text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text
    }

    /// A number of 60 significant digits: beyond any exact decimal a venue decodes into
    /// (`1E59` would not do: it is exact).
    static let huge = String(repeating: "1234567890", count: 6)

    /// Serializes, then puts `bytes` where the marker is.
    static func bytes(of document: RawJSON, invalid: [UInt8] = []) -> [UInt8] {
        let text = Array(document.text.utf8)
        let marker = Array(invalidMarker.utf8)
        guard !invalid.isEmpty, let start = text.firstRange(of: marker) else { return text }
        var bytes = text
        bytes.replaceSubrange(start, with: invalid)
        return bytes
    }

    /// Every member and element path, with a readable name.
    static func describe(_ path: [RawJSON.Step]) -> String { path.map(\.description).joined() }
}
