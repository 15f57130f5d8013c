import Foundation

extension Decimal {
    /// The value rounded to `scale` decimal places in `mode` (exact: no `Double`).
    public func rounded(scale: Int, _ mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var input = self
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, mode)
        return output
    }

    /// Whether the value has no fractional part.
    public var isWholeNumber: Bool { rounded(scale: 0, .down) == self }
}
