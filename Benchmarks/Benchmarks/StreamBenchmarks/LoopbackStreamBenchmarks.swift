import Benchmark
import ExchangeKit
import ExchangeKitTesting
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What the consumer has seen, and a way for an iteration to wait until it has seen enough.
final class ConsumerProgress: Sendable {
    struct Counts: Sendable {
        var trades = 0
        var tickers = 0
        var deltas = 0
        var snapshots = 0
        var subscribed = 0
        /// Anything that should not happen in a clean run: gaps, resyncs, decode failures, drops.
        var problems: [String] = []
        var frames: Int { trades + tickers + deltas }
    }

    private struct State {
        var counts = Counts()
        var waiter: (frames: Int, continuation: CheckedContinuation<Void, Never>)?
        var readyWaiter: CheckedContinuation<Void, Never>?
        var isReady = false
    }

    /// The consumer reports once its frame count reaches this (Int.max: nobody waits).
    let target = Atomic<Int>(Int.max)
    private let state = Mutex(State())
    let subscriptions: Int
    let needsSnapshot: Bool

    init(subscriptions: Int, needsSnapshot: Bool) {
        self.subscriptions = subscriptions
        self.needsSnapshot = needsSnapshot
    }

    var counts: Counts { state.withLock { $0.counts } }

    /// Called by the consumer with its counts (rarely: lifecycle events, or the target reached).
    func report(_ counts: Counts) {
        let (waiter, ready) = state.withLock { state -> (CheckedContinuation<Void, Never>?, CheckedContinuation<Void, Never>?) in
            state.counts = counts
            var ready: CheckedContinuation<Void, Never>?
            if !state.isReady, counts.subscribed >= subscriptions, !needsSnapshot || counts.snapshots > 0 {
                state.isReady = true
                ready = state.readyWaiter
                state.readyWaiter = nil
            }
            guard let waiter = state.waiter, counts.frames >= waiter.frames else { return (nil, ready) }
            state.waiter = nil
            target.store(Int.max, ordering: .relaxed)
            return (waiter.continuation, ready)
        }
        waiter?.resume()
        ready?.resume()
    }

    /// Makes the consumer report once it has seen `frames` data frames in total; call before
    /// the frames are sent, then ``wait(forFrames:)``.
    func arm(frames: Int) { target.store(frames, ordering: .relaxed) }

    /// Waits until the consumer has seen `frames` data frames in total.
    func wait(forFrames frames: Int) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.counts.frames >= frames { return true }
                state.waiter = (frames, continuation)
                target.store(frames, ordering: .relaxed)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Waits until every subscription is confirmed (and the book snapshot applied, if any).
    func waitUntilReady() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.isReady { return true }
                state.readyWaiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }
}

/// Runs `operation`, failing with a message if it takes longer than `timeout`.
func withTimeout(_ timeout: Duration, _ what: String, _ operation: @escaping @Sendable () async -> Void) async throws {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            await operation()
            return true
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return false
        }
        let finished = try await group.next() ?? false
        group.cancelAll()
        if !finished { throw StreamBenchmarkError(message: "timed out after \(timeout) waiting for \(what)") }
    }
}

struct StreamBenchmarkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The process's CPU time (user + system, all threads) in nanoseconds.
func processCPUNanoseconds() -> Int64 {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    let user = Int64(usage.ru_utime.tv_sec) * 1_000_000_000 + Int64(usage.ru_utime.tv_usec) * 1_000
    let system = Int64(usage.ru_stime.tv_sec) * 1_000_000_000 + Int64(usage.ru_stime.tv_usec) * 1_000
    return user + system
}

/// A scripted KuCoin Futures server on 127.0.0.1, a `FeedStream` on the bench venue connected to
/// it, and a consumer task counting events. Each iteration asks the server for N more frames
/// and waits until the consumer has counted them.
final class StreamFixture: Sendable {
    let server: ScriptedWebSocketServer
    let feed: FeedStream
    let progress: ConsumerProgress
    private let commands: AsyncStream<Int>.Continuation
    private let tasks: Mutex<[Task<Void, Never>]>
    /// Stops what the venue needed besides the WebSocket server (an HTTP server for tokens and snapshots).
    private let stopVenue: @Sendable () async -> Void
    let framesPerBatch: Int
    private let requested = Mutex(0)

    private init(server: ScriptedWebSocketServer, feed: FeedStream, progress: ConsumerProgress,
                 commands: AsyncStream<Int>.Continuation, framesPerBatch: Int, stopVenue: @escaping @Sendable () async -> Void) {
        self.server = server
        self.stopVenue = stopVenue
        self.feed = feed
        self.progress = progress
        self.commands = commands
        self.framesPerBatch = framesPerBatch
        self.tasks = Mutex([])
    }

    /// A venue for the fixture's WebSocket server, and how to stop what it needs besides.
    typealias VenueMaker = @Sendable (ScriptedWebSocketServer) async throws -> (venue: any StreamVenue, stop: @Sendable () async -> Void)

    /// The benchmarks' own KuCoin-like venue: a fixed URL, the synthetic snapshot from memory.
    static let benchVenue: VenueMaker = { server in
        (BenchKuCoinFuturesVenue(webSocketURL: server.url, snapshot: { _ in SyntheticBook.snapshot }), {})
    }

    /// Starts everything and returns once every subscription is confirmed (and the book snapshot applied).
    static func start(subscriptions: [Subscription], batch: PatchedBatch, venue makeVenue: VenueMaker = benchVenue) async throws -> StreamFixture {
        let server = try await ScriptedWebSocketServer.start()
        let (commandStream, commands) = AsyncStream.makeStream(of: Int.self)
        let commandBox = Mutex<AsyncStream<Int>?>(commandStream)
        let subscriptionCount = subscriptions.count
        server.onConnection { connection in
            // One streaming connection per process: a second one means the client reconnected,
            // which a clean benchmark run never does.
            guard let commands = commandBox.withLock({ box -> AsyncStream<Int>? in
                defer { box = nil }
                return box
            }) else {
                try await connection.close(code: 1011, reason: "the benchmark serves one connection")
                return
            }
            try await connection.send(text: KuCoinSamples.welcome)
            for _ in 0..<subscriptionCount {
                let text = try await connection.nextText(timeout: .seconds(30))
                try await connection.send(text: #"{"id":"\#(Self.requestID(in: text))","type":"ack"}"#)
            }
            var batch = batch
            var sent = false
            for await frames in commands {
                var remaining = frames
                while remaining > 0 {
                    if sent { batch.advance() }
                    try await connection.sendRaw(batch.bytes)
                    sent = true
                    remaining -= batch.frameCount
                }
            }
        }

        let (venue, stopVenue) = try await makeVenue(server)
        let feed = FeedStream(venue: venue, subscriptions: subscriptions)
        let progress = ConsumerProgress(
            subscriptions: subscriptions.count, needsSnapshot: subscriptions.contains { $0.isSynchronizedBook })
        let fixture = StreamFixture(server: server, feed: feed, progress: progress, commands: commands, framesPerBatch: batch.frameCount,
                                    stopVenue: stopVenue)

        let runner = Task {
            do {
                try await feed.run()
            } catch {
                var counts = progress.counts
                counts.problems.append("feed stopped: \(error)")
                progress.report(counts)
            }
        }
        let consumer = Task { await Self.consume(feed, progress) }
        fixture.tasks.withLock { $0 = [runner, consumer] }
        try await withTimeout(.seconds(30), "the subscriptions to be confirmed") { await progress.waitUntilReady() }
        let problems = progress.counts.problems
        if !problems.isEmpty { throw StreamBenchmarkError(message: "setup: \(problems.joined(separator: "; "))") }
        return fixture
    }

    /// Counts events; checks that trades arrive exactly once and in order (their sequence
    /// counts up by one); reports to `progress` on lifecycle events and when its target is reached.
    private static func consume(_ feed: FeedStream, _ progress: ConsumerProgress) async {
        var counts = ConsumerProgress.Counts()
        var nextTradeSequence = KuCoinFrameBuilder.executionBase
        do {
            for try await event in feed.events {
                switch event.payload {
                case .trade(let trade):
                    counts.trades += 1
                    if trade.sequence != nextTradeSequence, counts.problems.count < 10 {
                        counts.problems.append("trade sequence \(trade.sequence ?? -1), expected \(nextTradeSequence)")
                    }
                    nextTradeSequence = (trade.sequence ?? nextTradeSequence) + 1
                case .ticker:
                    counts.tickers += 1
                case .book(let update):
                    if update.action == .delta {
                        counts.deltas += 1
                    } else {
                        counts.snapshots += 1
                        progress.report(counts)
                    }
                case .subscribed:
                    counts.subscribed += 1
                    progress.report(counts)
                case .connected:
                    continue
                default:
                    if counts.problems.count < 10 { counts.problems.append("\(event.payload.kind): \(event.payload)") }
                    progress.report(counts)
                }
                if counts.frames >= progress.target.load(ordering: .relaxed) { progress.report(counts) }
            }
        } catch {
            counts.problems.append("events ended: \(error)")
        }
        progress.report(counts)
    }

    static func requestID(in text: String) -> String {
        guard let start = text.range(of: #""id":""#)?.upperBound, let end = text[start...].firstIndex(of: "\"") else { return "" }
        return String(text[start..<end])
    }

    /// Streams `frames` more frames (a multiple of the batch) and waits until the consumer counted them.
    func stream(_ frames: Int) async throws {
        precondition(frames % framesPerBatch == 0, "stream whole batches")
        let total = requested.withLock { requested -> Int in
            requested += frames
            return requested
        }
        let progress = self.progress
        progress.arm(frames: total)
        commands.yield(frames)
        try await withTimeout(.seconds(120), "\(total) frames") { await progress.wait(forFrames: total) }
        let counts = progress.counts
        if !counts.problems.isEmpty { throw StreamBenchmarkError(message: counts.problems.joined(separator: "; ")) }
        if counts.frames != total { throw StreamBenchmarkError(message: "counted \(counts.frames) frames, \(total) sent") }
    }

    func shutdown() async {
        commands.finish()
        for task in tasks.withLock({ $0 }) { task.cancel() }
        try? await server.shutdown()
        await stopVenue()
        for task in tasks.withLock({ $0 }) { await task.value }
    }
}

/// The fixture of the running benchmark (each benchmark runs in its own process), for teardown.
let currentStreamFixture = Mutex<StreamFixture?>(nil)

/// Registers a benchmark that streams 1 M frames per iteration through a ``StreamFixture`` and
/// reports frames/s and the process's CPU per frame (server included).
func streamFixtureBenchmark(_ name: String, subscriptions: [Subscription], batch: @escaping @Sendable () -> PatchedBatch,
                            venue: @escaping StreamFixture.VenueMaker = StreamFixture.benchVenue) {
    let framesPerIteration = 1_000_000
    let cpuPerFrame = BenchmarkMetric.custom("CPU ns/frame (process)", useScalingFactor: false)
    let framesPerSecond = BenchmarkMetric.custom("frames/s (k)", useScalingFactor: false)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, cpuPerFrame, framesPerSecond],
        units: [cpuPerFrame: .count, framesPerSecond: .count],
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(30),
        maxIterations: 12
    )
    Benchmark(name, configuration: configuration) { (benchmark: Benchmark, fixture: StreamFixture) in
        let cpuBefore = processCPUNanoseconds()
        let start = ContinuousClock.now
        do {
            try await fixture.stream(framesPerIteration)
        } catch {
            benchmark.error("\(error)")
            return
        }
        let elapsed = ContinuousClock.now - start
        let cpu = processCPUNanoseconds() - cpuBefore
        benchmark.measurement(cpuPerFrame, Int(cpu) / framesPerIteration)
        benchmark.measurement(framesPerSecond, Int(Double(framesPerIteration) / (Double(elapsed.nanoseconds) / 1e9) / 1_000))
    } setup: {
        let fixture = try await StreamFixture.start(subscriptions: subscriptions, batch: batch(), venue: venue)
        currentStreamFixture.withLock { $0 = fixture }
        return fixture
    } teardown: {
        let fixture = currentStreamFixture.withLock { current in
            defer { current = nil }
            return current
        }
        await fixture?.shutdown()
    }
}

/// (c) End to end on loopback: server and client in one process, sharing the machine's cores.
func loopbackStreamBenchmarks() {
    streamFixtureBenchmark("Stream loopback: execution frames → trades, 1M frames/iteration",
                           subscriptions: [.trades(SyntheticBook.symbol)],
                           batch: { PatchedBatch(frameCount: 5_000, executionPercent: 100, tickerPercent: 0, level2Percent: 0) })
    streamFixtureBenchmark("Stream loopback: mix 20/30/50 execution/tickerV2/level2 → trades, tickers, book deltas, 1M frames/iteration",
                           subscriptions: [.trades(SyntheticBook.symbol), .ticker(SyntheticBook.symbol), .book(SyntheticBook.symbol)],
                           batch: { PatchedBatch(frameCount: 10_000, executionPercent: 20, tickerPercent: 30, level2Percent: 50) })
}
