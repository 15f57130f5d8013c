// swift-tools-version:6.1
import PackageDescription

// Benchmarks for ExchangeKit, kept out of the root package so CI never builds them.
// Run from this folder: swift package --allow-writing-to-package-directory benchmark
let package = Package(
    name: "ExchangeKitBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ExchangeKit", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ExchangeKit", package: "ExchangeKit"),
                .product(name: "ExchangeKitTesting", package: "ExchangeKit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "StreamBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ExchangeKit", package: "ExchangeKit"),
                .product(name: "ExchangeKitTesting", package: "ExchangeKit"),
                .product(name: "RunnerCore", package: "ExchangeKit"),
                .product(name: "KuCoinFutures", package: "ExchangeKit"),
            ],
            path: "Benchmarks/StreamBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "SpotDecodeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ExchangeKit", package: "ExchangeKit"),
                .product(name: "KuCoinSpot", package: "ExchangeKit"),
            ],
            path: "Benchmarks/SpotDecodeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
