import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinTestSupport
import Testing

@Suite("runner replay of the reference samples and of bad lines")
struct RunnerReplayTests {
    /// Each KuCoin Futures reference sample and the event kinds it replays to (read from the samples:
    /// control frames are the connection's business and give none; a partial position with no full
    /// one before it cannot be merged and says so).
    static let expectedKinds: [String: [String]] = [
        "advancedOrders.stopOrder": ["order"],
        "announcement.funding-begin": ["funding_rate"],
        "announcement.funding-end": ["funding_rate"],
        "control.ack": [],
        "control.error": ["unhandled"],
        "control.ping": ["unhandled"],
        "control.pong": [],
        "control.subscribe": ["unhandled"],
        "control.unsubscribe": ["unhandled"],
        "control.welcome": [],
        "crossLeverage": ["unhandled"],
        "execution": ["trade"],
        "instrument.funding-rate": ["funding_rate"],
        "instrument.mark-index-price": ["mark_price"],
        "level2": ["book"],
        "level2Depth5": ["book"],
        "level2Depth50": ["book"],
        "limitCandle": ["candle"],
        "marginMode": ["unhandled"],
        "position.adjustRiskLimit": ["unhandled"],
        "position.change-markprice": ["unhandled"],
        "position.change": ["position"],
        "position.settlement": ["funding_rate"],
        "positionAll.change": ["position"],
        "snapshot": ["unhandled"],
        "ticker": ["ticker"],
        "tickerV2": ["ticker"],
        "tradeOrders": ["order"],
        "tradeOrders.legacy-docs": ["order"],
        "tradeOrders.symbol": ["order"],
        "wallet.availableBalance-change": ["balance"],
        "wallet.orderMargin-change": ["unhandled"],
        "wallet.walletBalance-change": ["balance"],
        "wallet.withdrawHold-change": ["unhandled"],
    ]

    static func sample(_ name: String) throws -> String {
        // Samples are pretty-printed in places: a frame is one line on the wire.
        try Fixture.text("ws/\(name).json", in: .module).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
    }

    @Test("every reference sample replays to its kinds, no decode failures", arguments: expectedKinds.keys.sorted())
    func sample(_ name: String) async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        try sandbox.write("frame.txt", try Self.sample(name) + "\n")
        let outcome = await sandbox.run(["replay", "kucoin-futures", "frame.txt"], environment: [:])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let lines = outcome.objects()
        #expect(lines.map { $0.string("kind") ?? "?" } == Self.expectedKinds[name], "\(outcome.stdout)")
        for line in lines {
            #expect(line.string("venue") == "kucoin-futures" && line["recv_ts"] is NSNumber && line.int("epoch") == 1)
        }
    }

    @Test("replayed values are the samples' own")
    func values() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let names = ["execution", "tickerV2", "level2", "limitCandle", "instrument.mark-index-price", "tradeOrders.symbol"]
        try sandbox.write("frames.txt", try names.map(Self.sample).joined(separator: "\n"))
        let outcome = await sandbox.run(["replay", "kucoin-futures", "frames.txt"], environment: [:])
        let lines = outcome.objects()
        try #require(lines.count == names.count)
        #expect(lines[0].string("price") == "90503.9" && lines[0].string("size") == "2" && lines[0].string("side") == "buy")
        #expect(lines[0].string("trade_id") == "1794100537695" && lines[0].int("ts") == 1_731_898_619_520_000_000)
        #expect(lines[1].string("bid") == "88987.4" && lines[1].string("bid_size") == "713" && lines[1].string("ask") == "88987.5")
        #expect(lines[1].string("ask_size") == "1037" && lines[1].int("sequence") == 1_709_284_589_209)
        #expect(lines[2].string("action") == "delta" && lines[2].int("sequence") == 1_709_400_450_243)
        #expect((lines[2]["asks"] as? [[String]]) == [["90631.2", "2"]] && (lines[2]["bids"] as? [[String]]) == [])
        #expect(lines[3].string("interval") == "1m" && lines[3].string("open") == "90638.6" && lines[3].string("volume") == "21")
        #expect(lines[3].int("start") == 1_731_898_200_000_000_000)
        #expect(lines[4].string("kind") == "mark_price" && lines[4].string("symbol") == "XBTUSDTM")
        #expect(lines[5].string("kind") == "order" && lines[5]["order_id"] is String && lines[5]["status"] is String)
    }

    @Test("a line that does not decode is a decode_failure event; the replay goes on and exits 0")
    func badLines() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let lines = [
            "not json at all",
            #"{"topic":"/contractMarket/execution:XBTUSDTM","type":"message","subject":"match","data":{"price":"#,
            #"{"record":"frame","recv_ts":5,"base64":"%%%"}"#,
            #"{"record":"mystery","recv_ts":6}"#,
            #"{"topic":"/contractMarket/somethingNew:XBTUSDTM","type":"message","subject":"new","data":{}}"#,
            try Self.sample("execution"),
        ]
        try sandbox.write("bad.txt", lines.joined(separator: "\n"))
        let outcome = await sandbox.run(["replay", "kucoin-futures", "bad.txt"], environment: [:])
        #expect(outcome.code == 0)
        let kinds = outcome.objects().map { $0.string("kind") ?? "?" }
        #expect(kinds == ["decode_failure", "decode_failure", "decode_failure", "decode_failure", "unhandled", "trade"], "\(outcome.stdout)")
        #expect(outcome.objects()[0]["error"] is String && outcome.objects()[0]["excerpt"] is String)
    }

    @Test("replay reads standard input with -")
    func standardInput() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        try sandbox.write("in.txt", try Self.sample("execution") + "\n" + Self.sample("tickerV2") + "\n")
        let descriptor = open(sandbox.path("in.txt"), O_RDONLY)
        defer { close(descriptor) }
        let outcome = await sandbox.run(["replay", "kucoin-futures", "-"], environment: [:], stdin: descriptor)
        #expect(outcome.objects().map { $0.string("kind") } == ["trade", "ticker"])
    }

    @Test("--sync-books applies recorded snapshots; a gap is reported; deltas with no snapshot are not silently lost")
    func syncBooks() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let recording = [
            #"{"record":"header","version":1,"venue":"kucoin-futures","plugin":"KuCoinFutures","subscriptions":["book:XBTUSDTM"],"recv_ts":1}"#,
            #"{"record":"dial","recv_ts":2,"private":false}"#,
            #"{"record":"frame","recv_ts":3,"text":\#(Self.quoted(KuCoinFuturesFrames.level2(101, "90000,buy,7")))}"#,
            #"{"record":"snapshot","recv_ts":4,"symbol":"XBTUSDTM","sequence":100,"bids":[["90000","5"]],"asks":[["90001","1"]]}"#,
            #"{"record":"frame","recv_ts":5,"text":\#(Self.quoted(KuCoinFuturesFrames.level2(102, "90001,sell,0")))}"#,
            #"{"record":"frame","recv_ts":6,"text":\#(Self.quoted(KuCoinFuturesFrames.level2(105, "90002,sell,1")))}"#,
            #"{"record":"snapshot","recv_ts":7,"symbol":"XBTUSDTM","sequence":105,"bids":[["90000","7"]],"asks":[["90002","1"]]}"#,
            #"{"record":"dial","recv_ts":8,"private":false}"#,
            #"{"record":"frame","recv_ts":9,"text":\#(Self.quoted(KuCoinFuturesFrames.level2(300, "90003,sell,4")))}"#,
        ]
        try sandbox.write("book.rec", recording.joined(separator: "\n"))
        let outcome = await sandbox.run(["replay", "kucoin-futures", "book.rec", "--sync-books"], environment: [:])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let lines = outcome.objects()
        let summary = lines.map { line -> String in
            let kind = line.string("kind") ?? "?"
            if kind == "book" { return "book:\(line.string("action") ?? "?"):\(line.int("sequence") ?? -1)" }
            if kind == "gap" { return "gap:\(line.int("expected") ?? -1)->\(line.int("received") ?? -1)" }
            return kind
        }
        #expect(summary == ["connected", "book:snapshot:100", "book:delta:101", "book:delta:102", "gap:103->105", "resynced",
                            "book:snapshot:105", "reconnected", "unhandled"], "\(outcome.stdout)")
        #expect(lines.first { $0.string("kind") == "reconnected" }?.int("epoch") == 2)
        #expect(lines.last?.int("epoch") == 2)
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self).dropFirst().dropLast().description
    }
}

@Suite("the example recording in Examples/")
struct ExampleRecordingTests {
    @Test("the README's main job replays the example: a gap, a reconnect, books resynced, nothing undecoded")
    func example() async throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let outcome = await sandbox.run(["replay", "kucoin-futures", repository.path + "/Examples/kucoin-futures-xbtusdtm.rec", "--sync-books"],
                                        environment: [:])
        #expect(outcome.code == 0)
        let kinds = outcome.objects().map { $0.string("kind") ?? "?" }
        #expect(kinds.first == "connected")
        #expect(kinds.filter { $0 == "gap" }.count == 1 && kinds.filter { $0 == "reconnected" }.count == 1 && kinds.filter { $0 == "resynced" }.count == 2)
        #expect(kinds.filter { $0 == "trade" }.count == 39 && kinds.filter { $0 == "ticker" }.count == 77 && kinds.filter { $0 == "book" }.count == 129)
        #expect(!kinds.contains("decode_failure") && !kinds.contains("unhandled") && !kinds.contains("crossed_book"))
    }
}

@Suite("runner replay of the KuCoin Spot reference samples")
struct RunnerSpotReplayTests {
    /// Each KuCoin Spot reference sample and the event kinds it replays to.
    static let expectedKinds: [String: [String]] = [
        "account-balance": ["balance"], "advancedOrders.stopOrder": ["order"], "candles": ["candle"],
        "control.ack": [], "control.ping": ["unhandled"], "control.pong": [], "control.subscribe": ["unhandled"],
        "control.unsubscribe": ["unhandled"], "control.welcome": [], "level1": ["ticker"], "level2": ["book"],
        "level2Depth5": ["book"], "level2Depth50": ["book"], "match": ["trade"], "snapshot": ["ticker"],
        "ticker-all": ["ticker"], "ticker": ["ticker"], "tradeOrdersV2.open": ["order"], "tradeOrdersV2.received": ["order"],
    ]

    @Test("every Spot sample replays to its kinds through the kucoin-spot venue", arguments: expectedKinds.keys.sorted())
    func sample(_ name: String) async throws {
        let sandbox = try RunnerSandbox(pluginsFile: false)
        defer { sandbox.remove() }
        let frame = try Fixture.text("spot-ws/\(name).json", in: .module).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        try sandbox.write("frame.txt", frame + "\n")
        let outcome = await sandbox.run(["replay", "kucoin-spot", "frame.txt"], environment: [:])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let lines = outcome.objects()
        #expect(lines.map { $0.string("kind") ?? "?" } == Self.expectedKinds[name], "\(outcome.stdout)")
        #expect(lines.allSatisfy { $0.string("venue") == "kucoin-spot" })
        if name == "match", let trade = lines.first {
            #expect(trade.string("price") == "67523" && trade.string("size") == "0.003" && trade.string("side") == "buy")
            #expect(trade.string("symbol") == "BTC-USDT" && trade.string("trade_id") == "11067996711960577")
        }
        if name == "level2", let book = lines.first {
            #expect(book.string("action") == "delta" && (book["asks"] as? [[String]]) == [["67993.3", "1.21427407"]])
            #expect(book.int("sequence") == 14_701_689_783)
        }
    }
}
