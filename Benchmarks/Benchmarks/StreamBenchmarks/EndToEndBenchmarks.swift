import Benchmark
import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinFutures
import Synchronization

/// Issue 10's end-to-end benchmark: the real KuCoinFutures plugin behind a `FeedStream`, fed by a
/// loopback KuCoin Futures server (bullet token and book snapshot over HTTP, pre-framed frames of
/// the 20/30/50 execution/tickerV2/level2 mix over WebSocket), full normalisation and book
/// maintenance, a consumer counting events and checking trades arrive once and in order.
///
/// (a) Throughput: frames/s, CPU per frame (the whole process: server, client, consumer), peak RSS.
/// (b) Latency, not saturating: the server writes one execution or tickerV2 frame at a time, about
///     5,000 a second, made on its event loop at the moment of writing with that wall-clock time as
///     its `ts`; the consumer takes `now − ts` when the event reaches it. p50, p99 and the maximum
///     over 20,000 frames.
func endToEndBenchmarks() {
    streamFixtureBenchmark("End to end: KuCoinFutures plugin, mix 20/30/50, 1M frames/iteration",
                           subscriptions: [.trades(SyntheticBook.symbol), .ticker(SyntheticBook.symbol), .book(SyntheticBook.symbol)],
                           batch: { PatchedBatch(frameCount: 10_000, executionPercent: 20, tickerPercent: 30, level2Percent: 50) },
                           venue: EndToEnd.kuCoinFutures)

    let p50 = BenchmarkMetric.custom("latency p50 (µs)", useScalingFactor: false)
    let p99 = BenchmarkMetric.custom("latency p99 (µs)", useScalingFactor: false)
    let worst = BenchmarkMetric.custom("latency max (µs)", useScalingFactor: false)
    let readP50 = BenchmarkMetric.custom("write → socket read p50 (µs)", useScalingFactor: false)
    let readP99 = BenchmarkMetric.custom("write → socket read p99 (µs)", useScalingFactor: false)
    Benchmark("Latency: server write → consumer, KuCoinFutures plugin, ~5k frames/s, 20k frames/iteration",
              configuration: .init(metrics: [p50, p99, worst, readP50, readP99],
                                   units: [p50: .count, p99: .count, worst: .count, readP50: .count, readP99: .count],
                                   warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        do {
            let (latencies, toRead) = try await EndToEnd.latencies(frames: 20_000)
            benchmark.measurement(p50, latencies[latencies.count / 2] / 1_000)
            benchmark.measurement(p99, latencies[latencies.count * 99 / 100] / 1_000)
            benchmark.measurement(worst, latencies[latencies.count - 1] / 1_000)
            benchmark.measurement(readP50, toRead[toRead.count / 2] / 1_000)
            benchmark.measurement(readP99, toRead[toRead.count * 99 / 100] / 1_000)
        } catch {
            benchmark.error("\(error)")
        }
    }
}

enum EndToEnd {
    /// The KuCoinFutures plugin against a scripted HTTP server answering the bullet and the snapshot.
    static let kuCoinFutures: StreamFixture.VenueMaker = { ws in
        let http = try await ScriptedHTTPServer.start()
        http.route("POST", "/api/v1/bullet-public") { _ in
            .json(#"{"code":"200000","data":{"token":"bench","instanceServers":[{"endpoint":"\#(ws.url)/","encrypt":false,"protocol":"websocket","pingInterval":18000,"pingTimeout":10000}]}}"#)
        }
        http.route("GET", "/api/v1/level2/snapshot") { _ in .json(RunnerBench.snapshotReply) }
        let plugin = try KuCoinFutures(config: VenueConfig(id: "kucoin-futures", plugin: "KuCoinFutures", environment: .custom,
                                                           restURL: http.baseURL, requestTimeout: .seconds(10), retryAttempts: 2))
        return (plugin.streamVenue, { try? await http.shutdown() })
    }

    /// Frame `index` of the paced run: 2 executions, then 3 tickerV2, stamped `now`.
    static func pacedFrame(_ index: Int, now: Int64) -> String {
        index % 5 < 2
            ? #"{"topic":"/contractMarket/execution:XBTUSDTM","type":"message","subject":"match","sn":\#(index + 1),"data":{"symbol":"XBTUSDTM","sequence":\#(index + 1),"side":"sell","size":1,"price":"66968.1","takerOrderId":"178a4e36d1a7ed00011aaa77","makerOrderId":"178a4e36d1a7ed00011aab7d","tradeId":"\#(index + 1)","ts":\#(now)}}"#
            : #"{"topic":"/contractMarket/tickerV2:XBTUSDTM","type":"message","subject":"tickerV2","sn":\#(index + 1),"data":{"symbol":"XBTUSDTM","sequence":\#(index + 1),"bestBidSize":795,"bestBidPrice":"66968.1","bestAskPrice":"66968.2","bestAskSize":1178,"ts":\#(now)}}"#
    }

    /// One paced run: the sorted server-write → consumer latencies in nanoseconds, one per frame,
    /// and the sorted server-write → socket-read part of them (the event's `receiveTime`).
    static func latencies(frames: Int) async throws -> (consumer: [Int], read: [Int]) {
        let ws = try await ScriptedWebSocketServer.start()
        let (venue, stopVenue) = try await kuCoinFutures(ws)
        let ready = AsyncStream.makeStream(of: Void.self)
        ws.onConnection { connection in
            try await connection.send(text: KuCoinSamples.welcome)
            for _ in 0..<2 {
                let text = try await connection.nextText(timeout: .seconds(30))
                try await connection.send(text: #"{"id":"\#(StreamFixture.requestID(in: text))","type":"ack"}"#)
            }
            for await _ in ready.stream { break }
            for index in 0..<frames {
                // The frame is made on the server's event loop at the moment of writing, its `ts` the wall clock then.
                try await connection.send(textMadeAtWrite: { EndToEnd.pacedFrame(index, now: Timestamp.now().nanoseconds) })
                try await Task.sleep(for: .microseconds(150))
            }
            _ = try? await connection.nextText(timeout: .seconds(60))
        }
        let feed = FeedStream(venue: venue, subscriptions: [.trades(SyntheticBook.symbol), .ticker(SyntheticBook.symbol)])
        let runner = Task { try await feed.run() }
        defer {
            runner.cancel()
            Task {
                try? await ws.shutdown()
                await stopVenue()
            }
        }
        var latencies: [Int] = []
        latencies.reserveCapacity(frames)
        var toRead: [Int] = []
        toRead.reserveCapacity(frames)
        var subscribed = 0
        for try await event in feed.events {
            switch event.payload {
            case .subscribed:
                subscribed += 1
                if subscribed == 2 { ready.continuation.yield() }
            case .trade, .ticker:
                guard let sent = event.exchangeTime else { throw StreamBenchmarkError(message: "an event without its server time") }
                latencies.append(Int(Timestamp.now().nanoseconds - sent.nanoseconds))
                toRead.append(Int(event.receiveTime.nanoseconds - sent.nanoseconds))
            case .connected:
                continue
            default:
                throw StreamBenchmarkError(message: "unexpected \(event.payload.kind): \(event.payload)")
            }
            if latencies.count == frames { break }
        }
        guard latencies.count == frames else { throw StreamBenchmarkError(message: "\(latencies.count) of \(frames) frames arrived") }
        return (latencies.sorted(), toRead.sorted())
    }
}
