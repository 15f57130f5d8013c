import Benchmark

/// Every ExchangeKit micro- and loopback benchmark. The benchmark tool runs each
/// one in its own process, so the REST benchmarks each start their own server.
let benchmarks: @Sendable () -> Void = {
    // The micro-benchmarks are single-threaded, so CPU time equals wall time; cpuTotal is
    // also read from the OS at 10 ms granularity, too coarse for their 1–25 ms iterations.
    // The REST benchmarks, which use several threads, add it back.
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 10_000
    )
    decimalBenchmarks()
    signingBenchmarks()
    restClientPieceBenchmarks()
    restBenchmarks()
}
