import AsyncHTTPClient
import Benchmark
import ExchangeKit
import ExchangeKitTesting
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// What both REST benchmarks share: a loopback server answering
/// `{"code":"200000","data":{"price":"96123.5"}}` to everything, a `RestClient`
/// for the benchmark venue, and a raw request carrying the same headers the
/// client's signer adds, so the server parses the same bytes either way.
final class RestFixture: Sendable {
    let baseURL: String
    let client: RestClient
    let rawURL: String
    let rawHeaders: HTTPHeaders
    private let stopServer: @Sendable () async throws -> Void

    init(baseURL: String, stopServer: @escaping @Sendable () async throws -> Void) throws {
        self.baseURL = baseURL
        self.stopServer = stopServer
        let credentials = Credentials(key: "6710f4c6a3f6b50001c2e7d9", secret: benchmarkSecret, passphrase: Secret("benchmark-passphrase"))
        let venue = BenchmarkVenue(baseURL: baseURL, credentials: credentials)
        client = RestClient(
            venue: venue,
            configuration: RestClientConfiguration(retry: .disabled),
            httpClient: .shared,
            logger: Logger(label: "ExchangeKitBenchmarks.RestClient"))

        // The raw request is what the client would send at one instant, signed once.
        let request = BenchmarkVenue.positionRequest
        var prepared = PreparedRequest(method: request.method, path: request.path, query: request.query, body: [], headers: [])
        try venue.signer!.sign(&prepared, at: Timestamp.now())
        rawURL = baseURL + prepared.encodedTarget
        var headers = HTTPHeaders()
        for (name, value) in prepared.headers { headers.add(name: name, value: value) }
        rawHeaders = headers
    }

    func shutdown() async throws { try await stopServer() }

    /// Starts the server: the minimal `LoopbackServer` by default, or ExchangeKitTesting's
    /// `ScriptedHTTPServer` (which records every request) with `BENCHMARK_SERVER=scripted`.
    static func start() async throws -> RestFixture {
        if ProcessInfo.processInfo.environment["BENCHMARK_SERVER"] == "scripted" {
            let server = try await ScriptedHTTPServer.start()
            server.setFallback(.json(LoopbackServer.responseBody))
            return try RestFixture(baseURL: server.baseURL, stopServer: { try await server.shutdown() })
        }
        let server = try await LoopbackServer.start()
        return try RestFixture(baseURL: server.baseURL, stopServer: { try await server.shutdown() })
    }
}

/// The fixture of the running benchmark (each benchmark runs in its own process), for teardown.
let currentRestFixture = Mutex<RestFixture?>(nil)

func restBenchmarks() {
    // Each iteration is 1,000 sequential requests.
    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(10),
        maxIterations: 1_000
    )
    let setUp: @Sendable () async throws -> RestFixture = {
        let fixture = try await RestFixture.start()
        currentRestFixture.withLock { $0 = fixture }
        return fixture
    }
    let tearDown: @Sendable () async throws -> Void = {
        let fixture = currentRestFixture.withLock { current in
            defer { current = nil }
            return current
        }
        try await fixture?.shutdown()
    }

    Benchmark("REST loopback GET, raw AsyncHTTPClient (sequential)", configuration: configuration) { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            var request = HTTPClientRequest(url: fixture.rawURL)
            request.headers = fixture.rawHeaders
            let response = try await HTTPClient.shared.execute(request, deadline: .now() + .seconds(10))
            guard response.status == .ok else {
                benchmark.error("raw request answered \(response.status)")
                return
            }
            let body = try await response.body.collect(upTo: 16 << 20)
            blackHole(body.readableBytes)
        }
    } setup: {
        try await setUp()
    } teardown: {
        try await tearDown()
    }

    Benchmark("REST loopback GET, RestClient.send signed (sequential)", configuration: configuration) { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            let response = try await fixture.client.send(BenchmarkVenue.positionRequest)
            blackHole(response.body.count)
        }
    } setup: {
        try await setUp()
    } teardown: {
        try await tearDown()
    }

    // The same two requests alternated one by one in one process, each timed on its own:
    // load from other processes then falls on both alike, so the ratio holds on a busy
    // machine where the two benchmarks above, run a minute apart, can disagree by 30 %.
    let pairs = 200
    let rawTime = BenchmarkMetric.custom("raw AHC ns/request", useScalingFactor: false)
    let clientTime = BenchmarkMetric.custom("RestClient ns/request", useScalingFactor: false)
    let ratio = BenchmarkMetric.custom("RestClient/raw time (permille)", useScalingFactor: false)
    let interleaved = Benchmark.Configuration(
        metrics: [rawTime, clientTime, ratio],
        units: [rawTime: .count, clientTime: .count, ratio: .count],
        warmupIterations: 3,
        maxDuration: .seconds(20),
        maxIterations: 1_000
    )
    Benchmark("REST loopback GET, raw vs RestClient interleaved (\(pairs) pairs/iteration)", configuration: interleaved) { benchmark, fixture in
        let clock = ContinuousClock()
        var raw = Duration.zero
        var client = Duration.zero
        // Which goes first swaps every pair, so neither always follows the other.
        for pair in 0..<pairs {
            for isRaw in pair.isMultiple(of: 2) ? [true, false] : [false, true] {
                let start = clock.now
                if isRaw {
                    var request = HTTPClientRequest(url: fixture.rawURL)
                    request.headers = fixture.rawHeaders
                    let response = try await HTTPClient.shared.execute(request, deadline: .now() + .seconds(10))
                    guard response.status == .ok else {
                        benchmark.error("raw request answered \(response.status)")
                        return
                    }
                    blackHole(try await response.body.collect(upTo: 16 << 20).readableBytes)
                    raw += clock.now - start
                } else {
                    blackHole(try await fixture.client.send(BenchmarkVenue.positionRequest).body.count)
                    client += clock.now - start
                }
            }
        }
        benchmark.measurement(rawTime, Int(raw.nanoseconds) / pairs)
        benchmark.measurement(clientTime, Int(client.nanoseconds) / pairs)
        benchmark.measurement(ratio, Int(1_000 * client.nanoseconds / max(raw.nanoseconds, 1)))
    } setup: {
        try await setUp()
    } teardown: {
        try await tearDown()
    }
}
