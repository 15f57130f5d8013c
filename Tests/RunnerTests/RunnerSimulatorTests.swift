import AsyncHTTPClient
import Foundation
import RunnerCore
import Testing

@Suite("runner sim and runner demo", .timeLimit(.minutes(1)))
struct RunnerSimulatorTests {
    @Test("demo streams trades, ticker and a synchronised book from the in-process simulator, offline")
    func demo() async throws {
        let sandbox = try RunnerSandbox(pluginsFile: false)
        defer { sandbox.remove() }
        let outcome = await sandbox.run(["demo", "--limit", "40"], environment: [:])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let lines = outcome.objects()
        let kinds = lines.map { $0.string("kind") ?? "?" }
        #expect(kinds.first == "connected" && kinds.filter { $0 == "subscribed" }.count == 3)
        #expect(kinds.filter { ["trade", "ticker", "book"].contains($0) }.count == 40)
        #expect(!kinds.contains("gap") && !kinds.contains("decode_failure") && !kinds.contains("unhandled"))
        let snapshot = try #require(lines.first { $0.string("kind") == "book" })
        #expect(snapshot.string("action") == "snapshot" && snapshot.string("venue") == "kucoin-futures-sim" && snapshot.string("symbol") == "XBTUSDTM")
        #expect(outcome.stderr.contains("simulator at http://127.0.0.1:"))
    }

    @Test("demo --connection-lifetime 2: connections rotate; trades and the book go on without a gap, a repeat or a disconnect")
    func demoRotation() async throws {
        let sandbox = try RunnerSandbox(pluginsFile: false)
        defer { sandbox.remove() }
        let outcome = await sandbox.run(["demo", "--limit", "1000000", "--duration", "4", "--connection-lifetime", "2"], environment: [:])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let lines = outcome.objects()
        let kinds = lines.map { $0.string("kind") ?? "?" }
        #expect(kinds.contains("rotated"))
        #expect(!kinds.contains("disconnected") && !kinds.contains("gap") && !kinds.contains("resynced") && !kinds.contains("unhandled"))
        #expect(kinds.filter { $0 == "book" }.count > 10 && lines.filter { $0.string("kind") == "book" && $0.string("action") == "snapshot" }.count == 1)
        let trades = lines.filter { $0.string("kind") == "trade" }.compactMap { $0.string("trade_id").flatMap { Int($0) } }
        #expect(trades.count > 10 && zip(trades, trades.dropFirst()).allSatisfy { $1 == $0 + 1 }, "every trade once")
        let refused = await sandbox.run(["demo", "--connection-lifetime", "1"], environment: [:])
        #expect(refused.code == 64 && refused.stderr.contains("--connection-lifetime"))
    }

    @Test("sim prints its base URL as the first line and serves KuCoin's REST there until interrupted")
    func sim() async throws {
        let sandbox = try RunnerSandbox(pluginsFile: false)
        defer { sandbox.remove() }
        let (url, io, running) = try await Self.start(["sim", "--port", "0", "--seed", "9"], in: sandbox)
        let body = try await Self.get(url + "/api/v1/timestamp")
        #expect(body.hasPrefix(#"{"code":"200000","data":"#))
        #expect(io.stderr.text.contains("export KC_KEY=sim-demo-key"), "the demo key is printed when no credentials are set")
        running.cancel()
        #expect(await running.value == 0)
    }

    @Test("sim --spot-symbols chooses the spot pairs; --replay plays a recording as the contract's market")
    func spotAndReplay() async throws {
        let sandbox = try RunnerSandbox(pluginsFile: false)
        defer { sandbox.remove() }
        let recording = """
        {"record":"header","version":1,"venue":"v","plugin":"KuCoinFutures","subscriptions":["book:XBTUSDTM"],"recv_ts":100}
        {"record":"snapshot","recv_ts":110,"symbol":"XBTUSDTM","sequence":50,"bids":[["90000.5","3"]],"asks":[["90001","9"]]}
        {"record":"frame","recv_ts":120,"text":"{\\"topic\\":\\"/contractMarket/level2:XBTUSDTM\\",\\"type\\":\\"message\\",\\"subject\\":\\"level2\\",\\"data\\":{\\"sequence\\":51,\\"change\\":\\"90001,sell,4\\"}}"}
        """
        try recording.write(toFile: sandbox.path("r.rec"), atomically: true, encoding: .utf8)
        let (url, _, running) = try await Self.start(["sim", "--port", "0", "--spot-symbols", "SOL-USDT", "--replay", sandbox.path("r.rec"),
                                                      "--as-fast-as-possible"], in: sandbox)
        #expect(try await Self.get(url + "/api/v2/symbols").contains(#""symbol":"SOL-USDT""#))
        #expect(!(try await Self.get(url + "/api/v2/symbols").contains("BTC-USDT")))
        var book = ""
        for _ in 0..<200 where !book.contains(#""sequence":51"#) {
            try await Task.sleep(for: .milliseconds(10))
            book = try await Self.get(url + "/api/v1/level2/snapshot?symbol=XBTUSDTM")
        }
        #expect(book.contains(#""sequence":51"#) && book.contains("[[90000.5,3]]") && book.contains("[[90001,4]]"), "\(book)")
        running.cancel()
        #expect(await running.value == 0)

        let bad = await sandbox.run(["sim", "--port", "0", "--replay", sandbox.path("Plugins-missing.yaml")], environment: [:])
        #expect(bad.code == 78 && bad.stderr.contains("cannot read the recording"))
        let stray = await sandbox.run(["sim", "--port", "0", "--speed", "3"], environment: [:])
        #expect(stray.code == 64 && stray.stderr.contains("--replay"))
        let clash = await sandbox.run(["sim", "--port", "0", "--sim-symbols", "BTC-USDT", "--spot-symbols", "BTC-USDT"], environment: [:])
        #expect(clash.code == 64 && clash.stderr.contains("BTC-USDT is in both"))
    }

    /// Starts `runner sim …` and waits for the base URL it prints first.
    static func start(_ arguments: [String], in sandbox: RunnerSandbox) async throws -> (url: String, io: RunnerIO, running: Task<Int32, Never>) {
        let io = RunnerIO(stdout: OutputSink(), stderr: OutputSink(), environment: [:], currentDirectory: sandbox.directory)
        let running = Task { await Runner.run(arguments, io: io) }
        var url = ""
        for _ in 0..<500 where url.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            url = io.stdout.text.split(separator: "\n").first.map(String.init) ?? ""
        }
        #expect(url.hasPrefix("http://127.0.0.1:") && Int(url.split(separator: ":").last ?? "") ?? 0 > 0, "\(url) \(io.stderr.text)")
        return (url, io, running)
    }

    /// A GET's body, expecting 200.
    static func get(_ url: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(response.status.code == 200, "\(url): \(body)")
        return body
    }
}

@Suite("runner rest against the simulator", .timeLimit(.minutes(1)))
struct RunnerTradingTests {
    @Test("place a market order, read the position, close it: through runner rest, end to end")
    func trade() async throws {
        let simulator = Simulator(configuration: SimulatorConfiguration())
        let running = Task { try await simulator.run() }
        defer { running.cancel() }
        let url = try await simulator.baseURL()
        let sandbox = try RunnerSandbox(restURL: url)
        defer { sandbox.remove() }
        let demo = ["TEST_KC_KEY": "sim-demo-key", "TEST_KC_SECRET": "sim-demo-secret", "TEST_KC_PASSPHRASE": "sim-demo-passphrase"]
        let placed = await sandbox.run(["rest", "kucoin-futures", "place-order", "--symbol", "XBTUSDTM", "--side", "buy", "--type", "market",
                                        "--size", "2", "--leverage", "3", "--client-order-id", "runner-1"], environment: demo)
        #expect(placed.code == 0, "\(placed.stderr)")
        let ack = try #require(placed.objects().first)
        #expect(ack.string("client_order_id") == "runner-1" && (ack.string("order_id")?.isEmpty == false))
        let order = await sandbox.run(["rest", "kucoin-futures", "order", try #require(ack.string("order_id"))], environment: demo)
        #expect(order.objects().first?.string("status") == "filled" && order.objects().first?.string("filled_size") == "2")
        let position = await sandbox.run(["rest", "kucoin-futures", "position", "XBTUSDTM"], environment: demo)
        #expect(position.objects().first?.string("size") == "2")
        let wrong = await sandbox.run(["rest", "kucoin-futures", "balance", "USDT"], environment: demo.merging(["TEST_KC_SECRET": "guess"]) { $1 })
        #expect(wrong.code == 1 && wrong.stderr.contains("400004"), "\(wrong.stderr)")
    }
}

import Simulator
