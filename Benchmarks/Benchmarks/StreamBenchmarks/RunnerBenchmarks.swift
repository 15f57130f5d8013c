import Benchmark
import ExchangeKit
import ExchangeKitTesting
import Foundation
import RunnerCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `runner stream` end to end, and its JSON-lines encoding alone.
///
/// (a) Encoding: a mix of events (20 % trades, 30 % tickers, 50 % one-level book deltas)
///     written as JSON lines into an `OutputSink` on /dev/null.
/// (b) The command: `Runner.run(["stream", "kucoin-futures", "--symbols", "XBTUSDTM",
///     "--channels", "trades,ticker,book", "--limit", N+1])` — the real KuCoinFutures plugin,
///     bullet token over HTTP, book snapshot over HTTP, then N pre-framed frames of the
///     20/30/50 mix from a loopback WebSocket server, every event printed to /dev/null.
///     One iteration is one whole invocation (connect, subscribe, stream, exit).
func runnerBenchmarks() {
    let eventsPerSecond = BenchmarkMetric.custom("events/s (k)", useScalingFactor: false)
    Benchmark("JSON lines: encode the 20/30/50 event mix to /dev/null",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal, .throughput, eventsPerSecond], units: [eventsPerSecond: .count],
                                   scalingFactor: .kilo, maxDuration: .seconds(5))) { benchmark in
        let events = RunnerBench.events
        let sink = OutputSink(descriptor: RunnerBench.devNull, unbuffered: false)
        var json = JSONWriter(capacity: 1024)
        let start = ContinuousClock.now
        for index in benchmark.scaledIterations {
            json.reset()
            events[index % events.count].writeJSON(into: &json)
            json.bytes.append(UInt8(ascii: "\n"))
            sink.write(json.bytes)
        }
        sink.flush()
        let elapsed = ContinuousClock.now - start
        benchmark.measurement(eventsPerSecond, Int(Double(benchmark.scaledIterations.count) / (Double(elapsed.nanoseconds) / 1e9) / 1_000))
    }

    let frames = 1_000_000
    let framesPerSecond = BenchmarkMetric.custom("frames/s (k)", useScalingFactor: false)
    let cpuPerFrame = BenchmarkMetric.custom("CPU ns/frame (process)", useScalingFactor: false)
    Benchmark("runner stream > /dev/null: mix 20/30/50, 1M frames/invocation",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident, framesPerSecond, cpuPerFrame],
                                   units: [framesPerSecond: .count, cpuPerFrame: .count], warmupIterations: 1,
                                   maxDuration: .seconds(40), maxIterations: 8)) { benchmark in
        do {
            let outcome = try await RunnerBench.streamOnce(frames: frames)
            benchmark.measurement(framesPerSecond, Int(Double(frames) / (Double(outcome.elapsed.nanoseconds) / 1e9) / 1_000))
            benchmark.measurement(cpuPerFrame, Int(outcome.cpu / Int64(frames)))
        } catch {
            benchmark.error("\(error)")
        }
    }
}

enum RunnerBench {
    static let devNull = open("/dev/null", O_WRONLY)

    /// A few thousand decoded events in the 20/30/50 mix, decoded from the benchmark's own frames.
    static let events: [StreamEvent] = {
        var result: [StreamEvent] = []
        var random = SeededRandom(seed: 3)
        let changes = TickChange.stream(count: 5_000, seed: 5)
        for index in 0..<10_000 {
            let time = Timestamp(nanoseconds: 1_731_898_619_520_000_000 + Int64(index))
            let payload: StreamEvent.Payload
            switch index % 10 {
            case 0, 1:
                payload = .trade(Trade(symbol: "XBTUSDTM", price: SyntheticBook.price(ticks: 669_681 + Int64(random.next() % 40)).decimal,
                                       size: Decimal(Int(random.next() % 20) + 1), side: index % 3 == 0 ? .buy : .sell,
                                       tradeID: "\(1_697_808_800_001 + index)", makerOrderID: "178a4e36d1a7ed00011aab7d",
                                       takerOrderID: "178a4e36d1a7ed00011aaa77", sequence: Int64(index)))
            case 2, 3, 4:
                payload = .ticker(Ticker(symbol: "XBTUSDTM", bid: SyntheticBook.price(ticks: 669_681).decimal, bidSize: 795,
                                         ask: SyntheticBook.price(ticks: 669_682).decimal, askSize: 1178, sequence: Int64(index)))
            default:
                let change = changes[index % changes.count]
                let level = PriceLevel(price: SyntheticBook.price(ticks: change.ticks).decimal, size: Decimal(Int(change.lots)))
                payload = .book(BookUpdate(symbol: "XBTUSDTM", action: .delta, bids: change.side == .bid ? [level] : [],
                                           asks: change.side == .bid ? [] : [level], sequence: Int64(index)))
            }
            result.append(StreamEvent(venue: "kucoin-futures", symbol: "XBTUSDTM", exchangeTime: time, receiveTime: time, epoch: 1, payload: payload))
        }
        return result
    }()

    /// The KuCoin snapshot reply for the synthetic book.
    static let snapshotReply: String = {
        func rows(_ levels: [PriceLevel]) -> String {
            "[" + levels.map { "[\(DecimalText.string($0.price)),\(DecimalText.string($0.size))]" }.joined(separator: ",") + "]"
        }
        let book = SyntheticBook.snapshot
        return #"{"code":"200000","data":{"sequence":\#(book.sequence),"symbol":"XBTUSDTM","bids":\#(rows(book.bids)),"asks":\#(rows(book.asks)),"ts":1729168101216000000}}"#
    }()

    struct Outcome {
        var elapsed: Duration
        var cpu: Int64
    }

    /// One `runner stream` invocation over fresh loopback servers.
    static func streamOnce(frames: Int) async throws -> Outcome {
        let http = try await ScriptedHTTPServer.start()
        let ws = try await ScriptedWebSocketServer.start()
        defer {
            Task { try? await http.shutdown() }
            Task { try? await ws.shutdown() }
        }
        http.route("POST", "/api/v1/bullet-public") { _ in
            .json(#"{"code":"200000","data":{"token":"bench","instanceServers":[{"endpoint":"\#(ws.url)/","encrypt":false,"protocol":"websocket","pingInterval":18000,"pingTimeout":10000}]}}"#)
        }
        http.route("GET", "/api/v1/level2/snapshot") { _ in .json(snapshotReply) }
        let batchFrames = 10_000
        precondition(frames % batchFrames == 0)
        ws.onConnection { connection in
            try await connection.send(text: #"{"id":"\#(connection.request.queryValue("connectId") ?? "")","type":"welcome"}"#)
            for _ in 0..<3 {
                let text = try await connection.nextText(timeout: .seconds(30))
                try await connection.send(text: #"{"id":"\#(StreamFixture.requestID(in: text))","type":"ack"}"#)
            }
            // The snapshot is asked for before the deltas flow, so every delta applies.
            _ = try await http.waitForRequests(2, timeout: .seconds(30))   // the bullet, then the snapshot
            var batch = PatchedBatch(frameCount: batchFrames, executionPercent: 20, tickerPercent: 30, level2Percent: 50)
            for round in 0..<(frames / batchFrames) {
                if round > 0 { batch.advance() }
                try await connection.sendRaw(batch.bytes)
            }
            _ = try? await connection.nextText(timeout: .seconds(60))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("runner-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            venues:
              - id: kucoin-futures
                plugin: KuCoinFutures
                environment: custom
                rest_url: \(http.baseURL)
            """.write(toFile: directory + "/Plugins.yaml", atomically: true, encoding: .utf8)
        let stderr = OutputSink()
        let io = RunnerIO(stdout: OutputSink(descriptor: devNull, unbuffered: false), stderr: stderr, environment: [:], currentDirectory: directory)
        let cpuBefore = processCPUNanoseconds()
        let start = ContinuousClock.now
        let code = await Runner.run(["stream", "kucoin-futures", "--symbols", "XBTUSDTM", "--channels", "trades,ticker,book",
                                     "--limit", "\(frames + 1)"], io: io)
        let elapsed = ContinuousClock.now - start
        let cpu = processCPUNanoseconds() - cpuBefore
        guard code == 0 else { throw StreamBenchmarkError(message: "runner exited \(code): \(stderr.text)") }
        return Outcome(elapsed: elapsed, cpu: cpu)
    }
}
