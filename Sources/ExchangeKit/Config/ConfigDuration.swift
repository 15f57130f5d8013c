/// Reads durations as Plugins.yaml writes them: `500ms`, `10s`, `1.5s`, `2m`, `1h`, or bare seconds.
public enum ConfigDuration {
    /// The duration a text names, or nil when it is not one (or is negative).
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int64)] = [("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000)]
        var number = Substring(trimmed)
        var scale: Int64 = 1_000_000_000
        for (suffix, nanos) in units where trimmed.hasSuffix(suffix) {
            number = trimmed.dropLast(suffix.count)
            scale = nanos
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              number.filter({ $0 == "." }).count <= 1,
              let value = try? DecimalParser.parse(number) else { return nil }
        let nanos = value * Decimal(scale)
        guard nanos <= Decimal(Int64.max) else { return nil }
        return .nanoseconds(NSDecimalNumber(decimal: nanos).int64Value)
    }
}

import Foundation
