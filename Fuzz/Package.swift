// swift-tools-version:6.0
// libFuzzer targets, kept out of the root package so `swift build` and CI never build them.
// Build and run with ./fuzz.sh (it passes -sanitize=fuzzer).
import PackageDescription

let package = Package(
    name: "ExchangeKitFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ExchangeKit", path: "..")],
    targets: [
        .target(name: "FuzzDriver", dependencies: [.product(name: "ExchangeKit", package: "ExchangeKit")]),
        .executableTarget(name: "FuzzKuCoinFuturesDecoder", dependencies: ["FuzzDriver", .product(name: "KuCoinFutures", package: "ExchangeKit")]),
        .executableTarget(name: "FuzzKuCoinSpotDecoder", dependencies: ["FuzzDriver", .product(name: "KuCoinSpot", package: "ExchangeKit")]),
        .executableTarget(name: "FuzzBinanceDecoder", dependencies: ["FuzzDriver", .product(name: "BinanceStub", package: "ExchangeKit")]),
        .executableTarget(name: "FuzzJSONReader", dependencies: ["FuzzDriver", .product(name: "ExchangeKit", package: "ExchangeKit")]),
    ],
    swiftLanguageModes: [.v6]
)
