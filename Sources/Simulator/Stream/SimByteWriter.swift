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

    /// `value` in decimal, zero-padded to at least `minimumCount` digits (at most 20).
    mutating func write(digits value: UInt64, minimumCount: Int) {
        // Two digits per division, backwards into a scratch of 24 bytes, then copied out.
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let written = withUnsafeMutableBytes(of: &scratch) { scratch in
            let pairs = Self.pairs.utf8Start
            var index = 24
            var rest = value
            while rest >= 100 {
                let pair = Int(rest % 100) * 2
                rest /= 100
                index -= 2
                scratch[index] = pairs[pair]
                scratch[index + 1] = pairs[pair + 1]
            }
            if rest >= 10 {
                index -= 2
                scratch[index] = pairs[Int(rest) * 2]
                scratch[index + 1] = pairs[Int(rest) * 2 + 1]
            } else {
                index -= 1
                scratch[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest)
            }
            while 24 - index < min(minimumCount, 20) {
                index -= 1
                scratch[index] = UInt8(ascii: "0")
            }
            (base + count).copyMemory(from: scratch.baseAddress! + index, byteCount: 24 - index)
            return 24 - index
        }
        count += written
    }

    /// 00, 01, … 99.
    private static let pairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
}
