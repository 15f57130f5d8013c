// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ExchangeKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ExchangeKit", targets: ["ExchangeKit"]),
        .library(name: "ExchangeKitTesting", targets: ["ExchangeKitTesting"]),
        .library(name: "KuCoinFutures", targets: ["KuCoinFutures"]),
        .library(name: "KuCoinSpot", targets: ["KuCoinSpot"]),
        .library(name: "BinanceStub", targets: ["BinanceStub"]),
        .library(name: "RunnerCore", targets: ["RunnerCore"]),
        .library(name: "Simulator", targets: ["Simulator"]),
        .executable(name: "runner", targets: ["RunnerApp"]),
        .executable(name: "paper-bot", targets: ["PaperBot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        .target(
            name: "ExchangeKit",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "ExchangeKitTesting",
            dependencies: [
                "ExchangeKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "KuCoinCore",
            dependencies: ["ExchangeKit"],
            path: "Sources/Plugins/KuCoinCore"
        ),
        .target(
            name: "KuCoinFutures",
            dependencies: [
                "ExchangeKit", "KuCoinCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Plugins/KuCoinFutures"
        ),
        .target(
            name: "Simulator",
            dependencies: [
                "ExchangeKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "RunnerCore",
            dependencies: [
                "ExchangeKit", "KuCoinFutures", "KuCoinSpot", "BinanceStub", "Simulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/Runner/Core"
        ),
        .executableTarget(
            name: "RunnerApp",
            dependencies: ["RunnerCore"],
            path: "Sources/Runner/App"
        ),
        .executableTarget(
            name: "PaperBot",
            dependencies: ["ExchangeKit", "KuCoinFutures", "KuCoinSpot", "BinanceStub", "Simulator"],
            path: "Examples/PaperBot"
        ),
        .testTarget(
            name: "RunnerTests",
            dependencies: [
                "RunnerCore", "ExchangeKit", "ExchangeKitTesting", "KuCoinFutures", "Simulator", "KuCoinTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SimulatorTests",
            dependencies: [
                "Simulator", "ExchangeKit", "KuCoinFutures", "KuCoinSpot", "RunnerCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .target(
            name: "KuCoinSpot",
            dependencies: [
                "ExchangeKit", "KuCoinCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Plugins/KuCoinSpot"
        ),
        .testTarget(
            name: "KuCoinSpotTests",
            dependencies: [
                "KuCoinSpot", "KuCoinCore", "KuCoinFutures", "BinanceStub", "ExchangeKit", "ExchangeKitTesting",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .target(
            name: "BinanceStub",
            dependencies: [
                "ExchangeKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Plugins/BinanceStub"
        ),
        .testTarget(
            name: "BinanceStubTests",
            dependencies: [
                "BinanceStub", "ExchangeKit", "ExchangeKitTesting",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KuCoinFuturesTests",
            dependencies: [
                "KuCoinFutures", "KuCoinSpot", "KuCoinCore", "BinanceStub", "ExchangeKit", "ExchangeKitTesting", "KuCoinTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ExchangeKitTests",
            dependencies: [
                "ExchangeKit",
                "ExchangeKitTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "KuCoinTestSupport",
            dependencies: [
                "ExchangeKit", "ExchangeKitTesting",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/KuCoinTestSupport"
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: [
                "ExchangeKit", "ExchangeKitTesting", "KuCoinFutures", "KuCoinSpot", "BinanceStub", "KuCoinTestSupport", "RunnerCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/Conformance",
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ExchangeKitTestingTests",
            dependencies: [
                "ExchangeKitTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "WSClient", package: "swift-websocket"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
