import ExchangeKit

extension DecimalComponents {
    /// Whether the value is above zero.
    @inlinable @inline(__always)
    package var isPositive: Bool { !isNegative && !isZero }
}
