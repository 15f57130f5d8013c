/// Writes ASCII text into memory the caller has made room for: a frame's JSON, byte by byte,
/// with no capacity or exclusivity check per write (those cost more than the bytes when each
/// number and key went through `ByteBuffer` on its own).
struct SimByteWriter {
    private let base: UnsafeMutableRawPointer
    /// Bytes written so far.
    private(set) var count = 0

    /// A writer at `base`, which must have room for everything written.
    init(_ base: UnsafeMutableRawPointer) {
        self.base = base
    }

    mutating func write(_ text: StaticString) {
        (base + count).copyMemory(from: text.utf8Start, byteCount: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    mutating func write(string text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard let source = utf8.baseAddress else { return }
            (base + count).copyMemory(from: source, byteCount: utf8.count)
            count += utf8.count
        }
    }

    mutating func write(byte: UInt8) {
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// An integer in decimal.
    mutating func write(integer value: Int64) {
        if value < 0 { write(byte: UInt8(ascii: "-")) }
        write(digits: value.magnitude, minimumCount: 1)
    }

    /// A price in ticks as its exact decimal text, trailing zeros dropped (``SimContract/fixed(_:decimals:)``'s text).
    mutating func write(price ticks: Int64, decimals: Int) {
        guard ticks >= 0, (1...18).contains(decimals) else { return write(string: SimContract.fixed(ticks, decimals: decimals)) }
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let units = UInt64(ticks)
        write(digits: units / scale, minimumCount: 1)
        var fraction = units % scale
        guard fraction > 0 else { return }
        var digits = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        write(byte: UInt8(ascii: "."))
        write(digits: fraction, minimumCount: digits)
    }

    /// ``KuCoinWire/hex24(_:)``'s text: 24 lowercase hex digits.
    mutating func write(hex24 value: UInt64) {
        var rest = value
        for index in (0..<24).reversed() {
            let digit = UInt8(truncatingIfNeeded: rest & 0xF)
            base.storeBytes(of: digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10, toByteOffset: count + index, as: UInt8.self)
            rest >>= 4
        }
        count += 24
    }

    /// `value` in decimal, zero-padded to at least `minimumCount` digits.
    mutating func write(digits value: UInt64, minimumCount: Int) {
        var width = 1
        var rest = value / 10
        while rest > 0 {
            width += 1
            rest /= 10
        }
        width = max(width, minimumCount)
        rest = value
        for index in (0..<width).reversed() {
            base.storeBytes(of: UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10), toByteOffset: count + index, as: UInt8.self)
            rest /= 10
        }
        count += width
    }
}
