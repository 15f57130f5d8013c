import Foundation

/// Writes a `Decimal` as its exact plain text (`96123.5`, `0.0002`, `-12`), the form
/// `Decimal.description` gives, without building a `String`.
///
/// `description` costs about 700 ns a value here; the JSON lines of a stream carry
/// several decimals per event. Foundation keeps `Decimal`'s parts internal, so the
/// fast path reads the stored layout (exponent byte, length and sign bits, eight
/// little-endian 16-bit mantissa words) — and only after checking, once, that the
/// layout is what it expects on known values. Anywhere else it falls back to
/// `description`, so a different Foundation gives slower output, never wrong output.
public enum DecimalText {
    /// Whether this Foundation's `Decimal` layout was recognised (the fast path is in use).
    public static let usesFastPath: Bool = {
        let samples = ["0", "96123.5", "-0.0002", "1e30", "-123456789012345678901234567890.12345678", "65536", "4294967296.001"]
        for sample in samples {
            guard let value = Decimal(string: sample), let parts = layoutParts(value), !parts.isNaN else { return false }
            var bytes: [UInt8] = []
            writeParts(parts, into: &bytes)
            if String(decoding: bytes, as: UTF8.self) != value.description { return false }
        }
        return true
    }()

    /// Appends the value's text; NaN is written as `NaN`.
    @inlinable
    public static func write(_ value: Decimal, into bytes: inout [UInt8]) {
        if usesFastPath, let parts = layoutParts(value), !parts.isNaN {
            writeParts(parts, into: &bytes)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// The value's text.
    public static func string(_ value: Decimal) -> String {
        var bytes: [UInt8] = []
        write(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @usableFromInline
    struct Parts {
        @usableFromInline var mantissa: UInt128
        @usableFromInline var exponent: Int
        @usableFromInline var isNegative: Bool
        @usableFromInline var isNaN: Bool
    }

    @usableFromInline
    static func layoutParts(_ value: Decimal) -> Parts? {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        return withUnsafeBytes(of: value) { raw -> Parts? in
            let exponent = Int(Int8(bitPattern: raw[0]))
            let flags = raw[1]
            let length = Int(flags >> 4)
            let isNegative = flags & 0x08 != 0
            guard length <= 8 else { return nil }
            if length == 0 { return Parts(mantissa: 0, exponent: 0, isNegative: false, isNaN: isNegative) }
            var mantissa: UInt128 = 0
            for index in stride(from: length - 1, through: 0, by: -1) {
                let word = UInt16(raw[4 + 2 * index]) | UInt16(raw[5 + 2 * index]) << 8
                mantissa = mantissa << 16 | UInt128(word)
            }
            return Parts(mantissa: mantissa, exponent: exponent, isNegative: isNegative, isNaN: false)
        }
    }

    @usableFromInline
    static func writeParts(_ parts: Parts, into bytes: inout [UInt8]) {
        var mantissa = parts.mantissa
        var exponent = parts.exponent
        if mantissa == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        // Trailing zeros of the digits belong to the exponent (description prints the shortest form).
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        // Digits, least significant first, into a fixed scratch (39 digits at most).
        var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        let count = withUnsafeMutableBytes(of: &scratch) { digits -> Int in
            var count = 0
            if mantissa <= UInt128(UInt64.max) {
                var small = UInt64(mantissa)
                while small > 0 {
                    digits[count] = UInt8(truncatingIfNeeded: small % 10) &+ 48
                    small /= 10
                    count += 1
                }
            } else {
                while mantissa > 0 {
                    digits[count] = UInt8(truncatingIfNeeded: mantissa % 10) &+ 48
                    mantissa /= 10
                    count += 1
                }
            }
            return count
        }
        if parts.isNegative { bytes.append(UInt8(ascii: "-")) }
        withUnsafeBytes(of: &scratch) { digits in
            if exponent >= 0 {
                for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(digits[index]) }
                for _ in 0..<exponent { bytes.append(UInt8(ascii: "0")) }
            } else if -exponent < count {
                let integerDigits = count + exponent
                for index in stride(from: count - 1, through: 0, by: -1) {
                    if index == count - 1 - integerDigits { bytes.append(UInt8(ascii: ".")) }
                    bytes.append(digits[index])
                }
            } else {
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "."))
                for _ in 0..<(-exponent - count) { bytes.append(UInt8(ascii: "0")) }
                for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(digits[index]) }
            }
        }
    }
}
