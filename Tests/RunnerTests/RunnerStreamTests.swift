import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinTestSupport
import Testing

@Suite("runner stream and record against scripted servers", .timeLimit(.minutes(1)))
struct RunnerStreamTests {
    @Test("stream prints JSON lines with the documented fields and --limit stops after N data events")
    func streamLimit() async throws {
        try await withKuCoinFeed({ topic in topic.contains("execution") ? (0..<10).map { KuCoinFuturesFrames.execution($0) } : [] }) { _, sandbox in
            let outcome = await sandbox.run(["stream", "kucoin-futures", "--symbols", "XBTUSDTM", "--channels", "trades", "--limit", "3"])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            let lines = outcome.objects()
            let trades = lines.filter { $0.string("kind") == "trade" }
            #expect(trades.count == 3, "--limit 3 stops after three data events: \(outcome.stdout)")
            #expect(lines.first?.string("kind") == "connected")
            #expect(lines.contains { $0.string("kind") == "subscribed" && $0.string("subscription") == "trades:XBTUSDTM" })
            for line in lines {
                #expect(line.string("venue") == "kucoin-futures")
                #expect(line.int("recv_ts").map { $0 > 1_700_000_000_000_000_000 } == true)
                #expect(line.int("epoch") == 1)
            }
            let first = try #require(trades.first)
            #expect(first.string("symbol") == "XBTUSDTM" && first.string("side") == "buy" && first.string("trade_id") == "5000")
            #expect(first["price"] as? String == "90500.5", "money is an exact decimal string")
            #expect(first["size"] as? String == "1")
            #expect(first.int("ts") == 1_731_898_619_520_000_000)
            #expect(first.string("maker_order_id") == "m0" && first.string("taker_order_id") == "t0")
            #expect(trades.map { $0.string("trade_id") } == ["5000", "5001", "5002"], "in order")
        }
    }

    @Test("--format pretty prints one readable line per event")
    func pretty() async throws {
        try await withKuCoinFeed({ _ in [KuCoinFuturesFrames.execution(1)] }) { _, sandbox in
            let outcome = await sandbox.run(["stream", "kucoin-futures", "--symbols", "XBTUSDTM", "--channels", "trades", "--limit", "1",
                                             "--format", "pretty"])
            #expect(outcome.code == 0)
            #expect(outcome.stdout.contains("trade") && outcome.stdout.contains("XBTUSDTM") && outcome.stdout.contains("sell 2 @ 90501.5"))
            #expect(!outcome.stdout.contains("{"), "pretty output is not JSON")
        }
    }

    @Test("--duration ends a quiet stream with exit 0")
    func duration() async throws {
        try await withKuCoinFeed({ _ in [] }) { _, sandbox in
            let started = ContinuousClock.now
            // Long enough to connect on a loaded machine (0.5 s was not, once).
            let outcome = await sandbox.run(["stream", "kucoin-futures", "--symbols", "XBTUSDTM", "--channels", "ticker", "--duration", "2"])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            #expect(ContinuousClock.now - started >= .milliseconds(1_950))
            #expect(outcome.objects().contains { $0.string("kind") == "connected" })
        }
    }

    @Test("a private channel streams over the signed private bullet")
    func privateChannel() async throws {
        let wallet = try Fixture.text("ws/wallet.walletBalance-change.json", in: .module)
        try await withKuCoinFeed({ topic in topic == "/contractAccount/wallet" ? [wallet] : [] }) { http, sandbox in
            let outcome = await sandbox.run(["stream", "kucoin-futures", "--channels", "balance", "--limit", "1"])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            let balance = try #require(outcome.objects().first { $0.string("kind") == "balance" })
            #expect(balance.string("currency") == "USDT" && balance.string("available") == "26.144281178")
            let bullet = try #require(http.requests(path: "/api/v1/bullet-private").first)
            #expect(bullet.header("KC-API-SIGN") != nil && bullet.header("KC-API-KEY") == TestKC.key)
            #expect(!outcome.leaksSecrets)
        }
    }

    @Test("record writes frames and snapshots; replay of the file gives the events stream printed")
    func recordReplayRoundTrip() async throws {
        let feed: @Sendable (String) -> [String] = { topic in
            if topic.contains("execution") { return (0..<3).map { KuCoinFuturesFrames.execution($0) } }
            if topic.contains("level2") {
                return [#"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message","subject":"level2","data":{"sequence":"#,
                        KuCoinFuturesFrames.level2(101, "90000,buy,7"), KuCoinFuturesFrames.level2(102, "90000.5,sell,0"), KuCoinFuturesFrames.level2(103, "90001,sell,2")]
            }
            return []
        }
        try await withKuCoinFeed(feed) { http, sandbox in
            http.route("GET", "/api/v1/level2/snapshot") { _ in
                .json(#"{"code":"200000","data":{"sequence":100,"symbol":"XBTUSDTM","bids":[[90000,5],[89999.5,1]],"asks":[[90000.5,3]],"ts":1729168101216000000}}"#)
            }
            let flags = ["--symbols", "XBTUSDTM", "--channels", "trades,book", "--limit", "7"]
            let streamed = await sandbox.run(["stream", "kucoin-futures"] + flags)
            #expect(streamed.code == 0, "\(streamed.stderr)")
            let recorded = await sandbox.run(["record", "kucoin-futures"] + flags + ["--out", "session.rec"])
            #expect(recorded.code == 0, "\(recorded.stderr)")
            #expect(recorded.stderr.contains("recorded") && recorded.stderr.contains("1 book snapshots"))

            let file = try String(contentsOfFile: sandbox.path("session.rec"), encoding: .utf8)
            let records = file.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(records.count == file.split(separator: "\n").count, "every recorded line is JSON")
            #expect(records.first?.string("record") == "header" && records.first?.string("plugin") == "KuCoinFutures")
            #expect(records.contains { $0.string("record") == "dial" })
            #expect(records.contains { $0.string("record") == "snapshot" && $0.int("sequence") == 100 })
            #expect(records.filter { $0.string("record") == "frame" }.count >= 8, "welcome, ack, trades and deltas")
            #expect(!file.contains("tok-"), "tokens are not recorded")

            let replayed = await sandbox.run(["replay", "kucoin-futures", "session.rec", "--sync-books"])
            #expect(replayed.code == 0, "\(replayed.stderr)")
            // Data events match one for one (receive times differ between the two runs).
            func data(_ outcome: RunOutcome) -> [String] {
                outcome.stdout.split(separator: "\n").compactMap { line -> String? in
                    guard var object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                          ["trade", "book"].contains(object.string("kind")) else { return nil }
                    object["recv_ts"] = nil
                    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
                }
            }
            // Two topics interleave differently from run to run: compare the events, not their interleaving.
            let live = data(streamed).sorted()
            let again = data(replayed).sorted()
            #expect(live.count == 7)
            #expect(again == live)
            let books = replayed.objects().filter { $0.string("kind") == "book" }
            #expect(books.first?.string("action") == "snapshot" && books.first?.int("sequence") == 100)
            #expect(books.last?.int("sequence") == 103)
            #expect(replayed.objects().contains { $0.string("kind") == "decode_failure" }, "the truncated frame is reported, not dropped")
        }
    }
}
