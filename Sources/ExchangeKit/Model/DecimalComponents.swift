import Foundation

/// A decimal's exact parts: `(isNegative ? -1 : 1) × mantissa × 10^exponent`.
///
/// What ``DecimalParser/components(_:)`` reads from wire text; the `Decimal`
/// is built only when a value leaves the hot path.
public struct DecimalComponents: Hashable, Sendable {
    /// The significant digits as an integer (at most 38 of them); 0 for zero.
    public var mantissa: UInt128
    /// The power of ten the mantissa is scaled by (within `Int8`'s range).
    public var exponent: Int32
    /// Whether the value is below zero (never true for zero).
    public var isNegative: Bool

    /// Creates parts.
    @inlinable
    public init(mantissa: UInt128, exponent: Int32, isNegative: Bool) {
        self.mantissa = mantissa
        self.exponent = exponent
        self.isNegative = isNegative && mantissa != 0
    }

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { mantissa == 0 }

    /// The value as a Foundation `Decimal` (exact: 38 digits always fit).
    @inlinable
    public var decimal: Decimal {
        if mantissa == 0 { return .zero }
        let significand: Decimal
        if mantissa <= UInt128(UInt64.max) {
            significand = Decimal(UInt64(truncatingIfNeeded: mantissa))
        } else {
            // 20 to 38 digits: both halves are exact in a Decimal and so is their combination.
            let high = Decimal(UInt64(truncatingIfNeeded: mantissa >> 64))
            let low = Decimal(UInt64(truncatingIfNeeded: mantissa))
            significand = high * DecimalComponents.twoToThe64 + low
        }
        return Decimal(sign: isNegative ? .minus : .plus, exponent: Int(exponent), significand: significand)
    }

    /// The value scaled to an integer number of 10^-`scale` units, or nil when that is not exact
    /// or does not fit in `Int128`.
    @inlinable
    public func scaled(to scale: Int) -> Int128? {
        let shift = Int(exponent) + scale
        var value = mantissa
        if shift >= 0 {
            guard shift < DecimalComponents.powersOfTen.count else { return mantissa == 0 ? 0 : nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: DecimalComponents.powersOfTen[shift])
            if overflow { return nil }
            value = product
        } else {
            guard -shift < DecimalComponents.powersOfTen.count else { return mantissa == 0 ? 0 : nil }
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: DecimalComponents.powersOfTen[-shift])
            if remainder != 0 { return nil }
            value = quotient
        }
        guard value <= UInt128(Int128.max) else { return nil }
        return isNegative ? -Int128(value) : Int128(value)
    }

    /// 10⁰ … 10³⁸, every power of ten a `UInt128` holds.
    @usableFromInline
    static let powersOfTen: [UInt128] = {
        var powers: [UInt128] = [1]
        for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    @usableFromInline
    static let twoToThe64 = Decimal(string: "18446744073709551616")!
}
