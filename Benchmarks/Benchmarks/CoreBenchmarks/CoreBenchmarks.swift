import Benchmark

/// Every ExchangeKit micro- and loopback benchmark. The benchmark tool runs each
/// one in its own process, so the REST benchmarks each start their own server.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 10_000
    )
    decimalBenchmarks()
    signingBenchmarks()
    restBenchmarks()
}
