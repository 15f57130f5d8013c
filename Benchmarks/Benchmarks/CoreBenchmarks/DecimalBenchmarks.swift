import Benchmark
import ExchangeKit
import Foundation

/// Wire literals as KuCoin and Binance send them: JSON strings (`"96123.5"`) and
/// Java-formatted numbers (`2.0E-4`, `0E-8`). Sixteen of them, so the loop picks
/// one with a mask instead of a division.
let decimalLiterals: [String] = [
    "96123.5", "84477", "2.0E-4", "0.00012345",
    "1.0346431983265533E9", "0E-8", "12.5", "100000",
    "-0.00375", "0.1", "96120.1", "3",
    "27.345", "68000.0", "1.5E3", "0.0001",
]

/// The literals' bytes in one allocation that lives as long as the process, so the
/// measured loop does no copying and no `withUnsafeBytes` closure per value.
final class DecimalInputs {
    let storage: UnsafeMutableRawBufferPointer
    let buffers: [UnsafeRawBufferPointer]

    init(_ literals: [String]) {
        precondition(literals.count.nonzeroBitCount == 1, "the loop masks the index: keep a power of two")
        let total = literals.reduce(0) { $0 + $1.utf8.count }
        storage = .allocate(byteCount: total, alignment: 8)
        var offset = 0
        var buffers: [UnsafeRawBufferPointer] = []
        for literal in literals {
            let bytes = Array(literal.utf8)
            let slice = UnsafeMutableRawBufferPointer(rebasing: storage[offset..<offset + bytes.count])
            slice.copyBytes(from: bytes)
            buffers.append(UnsafeRawBufferPointer(slice))
            offset += bytes.count
        }
        self.buffers = buffers
    }

    deinit { storage.deallocate() }
}

func decimalBenchmarks() {
    let inputs = DecimalInputs(decimalLiterals)
    // Checked once, outside any measurement: the parser agrees with Foundation's own reading.
    for (literal, buffer) in zip(decimalLiterals, inputs.buffers) {
        do {
            let parsed = try DecimalParser.parse(buffer)
            let expected = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX"))
            precondition(parsed == expected, "DecimalParser read \(literal) as \(parsed), expected \(String(describing: expected))")
        } catch {
            preconditionFailure("DecimalParser rejected \(literal): \(error)")
        }
    }

    Benchmark(
        "Decimal parse from bytes (16 wire literals)",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        let buffers = inputs.buffers
        let mask = buffers.count - 1
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            do {
                blackHole(try DecimalParser.parse(buffers[index & mask]))
            } catch {
                benchmark.error("parse failed: \(error)")
                return
            }
        }
        benchmark.stopMeasurement()
    }

    // Diagnostic: only the Foundation `Decimal` construction the parser ends with, to
    // tell the digit scan apart from building the value.
    let parts: [(mantissa: UInt64, exponent: Int, negative: Bool)] = [
        (961_235, -1, false), (84_477, 0, false), (20, -5, false), (12_345, -8, false),
        (10_346_431_983_265_533, -7, false), (0, 0, false), (125, -1, false), (1, 5, false),
        (375, -5, true), (1, -1, false), (961_201, -1, false), (3, 0, false),
        (27_345, -3, false), (68, 3, false), (15, 2, false), (1, -4, false),
    ]
    Benchmark(
        "Decimal construct only (Foundation, diagnostic)",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        let mask = parts.count - 1
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            let part = parts[index & mask]
            blackHole(Decimal(sign: part.negative ? .minus : .plus, exponent: part.exponent, significand: Decimal(part.mantissa)))
        }
        benchmark.stopMeasurement()
    }
}
