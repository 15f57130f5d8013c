import Benchmark

/// The streaming benchmarks: frame decoding, the order book, and a FeedStream end to end on
/// loopback. The benchmark tool runs each one in its own process.
let benchmarks: @Sendable () -> Void = {
    // The micro-benchmarks run on one thread: CPU time equals wall time (and the OS reports
    // it in 10 ms steps, coarser than their iterations). The loopback ones add it back.
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 10_000
    )
    decodeBenchmarks()
    bookBenchmarks()
    loopbackStreamBenchmarks()
    endToEndBenchmarks()
    runnerBenchmarks()
}
