import ExchangeKit

extension DecimalComponents {
    /// Whether the value is above zero.
    @inline(__always)
    var isPositive: Bool { !isNegative && !isZero }
}
