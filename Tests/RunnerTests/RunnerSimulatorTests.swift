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

    @Test("sim prints its base URL as the first line and serves KuCoin's REST there until interrupted")
    func sim() async throws {
        let sandbox = try RunnerSandbox(pluginsFile: false)
        defer { sandbox.remove() }
        let io = RunnerIO(stdout: OutputSink(), stderr: OutputSink(), environment: [:], currentDirectory: sandbox.directory)
        let running = Task { await Runner.run(["sim", "--port", "0", "--seed", "9"], io: io) }
        var url = ""
        for _ in 0..<500 where url.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            url = io.stdout.text.split(separator: "\n").first.map(String.init) ?? ""
        }
        #expect(url.hasPrefix("http://127.0.0.1:") && Int(url.split(separator: ":").last ?? "") ?? 0 > 0, "\(url)")
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/api/v1/timestamp"), timeout: .seconds(5))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
        #expect(response.status.code == 200 && body.hasPrefix(#"{"code":"200000","data":"#))
        #expect(io.stderr.text.contains("export KC_KEY=sim-demo-key"), "the demo key is printed when no credentials are set")
        running.cancel()
        #expect(await running.value == 0)
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
