import Benchmark
import ExchangeKit
import KuCoinSpot

/// KuCoin Spot frame decoding: `KuCoinSpotDecoder.decode` — the plugin's own decoder, not a bench
/// copy — over KuCoin's sample frames (`reference/kucoin/spot/ws/{match,ticker,level2}.json`),
/// one frame per call, as the stream's read loop calls it.
let benchmarks: @Sendable () -> Void = {
    // Single-threaded micro-benchmarks: CPU time equals wall time, so it is left out.
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 10_000
    )
    for frame in SpotFrames.all {
        let bytes = SpotFrameBytes(frame.text)
        // Checked once, outside any measurement: the frame decodes to what it says.
        var output: [StreamMessage] = []
        KuCoinSpotDecoder.decode(bytes.buffer, into: &output)
        precondition(output.count == 1 && frame.check(output[0]), "\(frame.name): decoded \(output)")

        Benchmark("Spot frame decode: \(frame.name)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            var output: [StreamMessage] = []
            output.reserveCapacity(4)
            let buffer = bytes.buffer
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                output.removeAll(keepingCapacity: true)
                KuCoinSpotDecoder.decode(buffer, into: &output)
                blackHole(output)
            }
            benchmark.stopMeasurement()
            if output.count != 1 { benchmark.error("decoded \(output.count) messages") }
        }
    }
}
