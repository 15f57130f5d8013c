import ExchangeKit
import Foundation
import KuCoinFutures
@testable import Simulator
import Testing

@Suite("Simulator: a recorded market replayed", .timeLimit(.minutes(1)))
struct SimulatorReplayTests {
    static func recording() throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/Replay/kucoin-futures-xbtusdtm", withExtension: "rec"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The book the recording ends with, worked out here on its own: the first snapshot, then every
    /// level2 delta newer than the last one applied.
    static func finalBook(_ text: String) throws -> (bids: [Decimal: Decimal], asks: [Decimal: Decimal], deltas: Int, tradePrices: Set<Decimal>) {
        var bids: [Decimal: Decimal] = [:]
        var asks: [Decimal: Decimal] = [:]
        var last: Int64?
        var deltas = 0
        var prices: Set<Decimal> = []
        for line in text.split(separator: "\n") {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if record["record"] as? String == "snapshot", last == nil {
                for (side, key) in [(0, "bids"), (1, "asks")] {
                    for row in try #require(record[key] as? [[String]]) {
                        if side == 0 { bids[Decimal(string: row[0])!] = Decimal(string: row[1])! } else { asks[Decimal(string: row[0])!] = Decimal(string: row[1])! }
                    }
                }
                last = (record["sequence"] as? NSNumber)?.int64Value
            }
            guard let text = record["text"] as? String, let frame = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let topic = frame["topic"] as? String, let data = frame["data"] as? [String: Any] else { continue }
            if topic.hasPrefix("/contractMarket/execution:") { prices.insert(Decimal(string: data["price"] as! String)!) }
            guard topic.hasPrefix("/contractMarket/level2:"), let applied = last, let sequence = (data["sequence"] as? NSNumber)?.int64Value,
                  sequence > applied else { continue }
            let parts = (data["change"] as! String).split(separator: ",").map(String.init)
            let price = Decimal(string: parts[0])!
            let size = Decimal(string: parts[2])!
            if parts[1] == "buy" { bids[price] = size == 0 ? nil : size } else { asks[price] = size == 0 ? nil : size }
            last = sequence
            deltas += 1
        }
        return (bids, asks, deltas, prices)
    }

    @Test("the recording's book, trades and tickers drive XBTUSDTM: the streamed book, the REST snapshot and the file agree; orders match against it")
    func endToEnd() async throws {
        let text = try Self.recording()
        let expected = try Self.finalBook(text)
        let replay = try SimulatorReplay(text: text, speed: 0.1)
        #expect(replay.symbols == ["XBTUSDTM"])
        try await withSimulator({ $0.replay = replay }) { simulator, url in
            let client = try futures(url)
            var iterator = client.stream([.trades("XBTUSDTM"), .book("XBTUSDTM")]).makeAsyncIterator()
            var book: OrderBook?
            var prices: [Decimal] = []
            var finished = false
            var rest: OrderBookSnapshot?
            while let event = try await iterator.next() {
                switch event.payload {
                case .book(let update) where update.action == .snapshot:
                    book = try OrderBook(snapshot: OrderBookSnapshot(symbol: update.symbol, sequence: update.sequence, bids: update.bids, asks: update.asks))
                case .book(let update):
                    try book?.apply(update)
                    #expect(book?.isCrossed == false)
                case .trade(let trade): prices.append(trade.price)
                case .gap, .resynced, .decodeFailure: Issue.record("unexpected \(event.payload.kind)")
                default: break
                }
                if !finished && simulator.exchange.replayFinished {
                    finished = true
                    rest = try await client.orderBook(symbol: "XBTUSDTM")
                }
                if let rest, let book, book.sequence >= rest.sequence { break }
            }
            let snapshot = try #require(rest)
            #expect(snapshot.sequence == 1_000 + Int64(expected.deltas), "the simulator numbers the recorded deltas from the snapshot's sequence")
            #expect(book?.bids() == snapshot.bids && book?.asks() == snapshot.asks, "the streamed book and the REST snapshot agree")
            #expect(Dictionary(uniqueKeysWithValues: snapshot.bids.map { ($0.price, $0.size) }) == expected.bids)
            #expect(Dictionary(uniqueKeysWithValues: snapshot.asks.map { ($0.price, $0.size) }) == expected.asks, "and both are the recording's last book")
            #expect(!prices.isEmpty && prices.allSatisfy(expected.tradePrices.contains), "the trades are the recording's")

            // The replay has stopped; the book stays, and orders take it.
            let bestAsk = try #require(expected.asks.keys.min())
            let ack = try await client.placeOrder(.market(.buy, "XBTUSDTM", size: 1, leverage: 2))
            let fills = try await client.fills(symbol: "XBTUSDTM", orderID: ack.orderID)
            #expect(fills.map(\.price) == [bestAsk])
            let after = try await client.orderBook(symbol: "XBTUSDTM")
            #expect(after.sequence == snapshot.sequence + 1 && after.asks.first?.size == expected.asks[bestAsk]! - 1)
        }
    }

    @Test("older and duplicate deltas are skipped, a delta newer than the snapshot that came before it is kept, later snapshots ignored")
    func parsing() throws {
        let text = """
        {"record":"header","version":1,"venue":"v","plugin":"KuCoinFutures","subscriptions":["book:ETHUSDTM"],"recv_ts":100}
        {"record":"frame","recv_ts":101,"text":"{\\"topic\\":\\"/contractMarket/level2:ETHUSDTM\\",\\"type\\":\\"message\\",\\"subject\\":\\"level2\\",\\"data\\":{\\"sequence\\":50,\\"change\\":\\"3000.1,sell,9\\"}}"}
        {"record":"frame","recv_ts":102,"text":"{\\"topic\\":\\"/contractMarket/level2:ETHUSDTM\\",\\"type\\":\\"message\\",\\"subject\\":\\"level2\\",\\"data\\":{\\"sequence\\":51,\\"change\\":\\"3000.125,sell,4\\"}}"}
        {"record":"snapshot","recv_ts":110,"symbol":"ETHUSDTM","sequence":50,"bids":[["2999.9","3"]],"asks":[["3000.1","9"]]}
        {"record":"frame","recv_ts":120,"text":"{\\"topic\\":\\"/contractMarket/level2:ETHUSDTM\\",\\"type\\":\\"message\\",\\"subject\\":\\"level2\\",\\"data\\":{\\"sequence\\":51,\\"change\\":\\"3000.125,sell,4\\"}}"}
        {"record":"frame","recv_ts":130,"text":"{\\"topic\\":\\"/contractMarket/execution:ETHUSDTM\\",\\"type\\":\\"message\\",\\"subject\\":\\"match\\",\\"data\\":{\\"side\\":\\"buy\\",\\"size\\":2,\\"price\\":\\"3000.1\\",\\"sequence\\":7}}"}
        {"record":"frame","recv_ts":131,"text":"not json"}
        {"record":"snapshot","recv_ts":140,"symbol":"ETHUSDTM","sequence":60,"bids":[],"asks":[]}
        {"record":"frame","recv_ts":150,"text":"{\\"topic\\":\\"/contractMarket/tickerV2:ETHUSDTM\\",\\"type\\":\\"message\\",\\"subject\\":\\"tickerV2\\",\\"data\\":{}}"}
        """
        let replay = try SimulatorReplay(text: text, speed: nil)
        #expect(replay.symbols == ["ETHUSDTM"] && replay.count == 3, "the delta of 51 once, the trade, the ticker")
        let book = try #require(replay.books["ETHUSDTM"])
        #expect(book.contract.priceDecimals == 3 && book.sequence == 50, "the grid is fine enough for 3000.125")
        #expect(book.bids == [2_999_900: 3] && book.asks == [3_000_100: 9])
        #expect(replay.steps.map(\.offset) == [0, 20, 40], "times count from the snapshot; the early delta plays at it")
        guard case .level(.sell, 3_000_125, 4) = replay.steps[0].change else { Issue.record("\(replay.steps[0].change)"); return }

        var market = SimMarket(contract: book.contract, bids: book.bids, asks: book.asks, sequence: book.sequence)
        var events: [MarketEvent] = []
        for step in replay.steps { market.replay(step.change, time: 1, into: &events) }
        #expect(market.sequence == 51 && market.asks == [3_000_100: 9, 3_000_125: 4] && market.lastTradeTicks == 3_000_100)
    }

    @Test("a KuCoin Spot recording replays as its pair's market: ranged deltas (older changes skipped), trades, a size grid as fine as the file's")
    func spotRecording() async throws {
        func frame(_ topic: String, _ data: String) -> String {
            let text = #"{"topic":"\#(topic)","type":"message","subject":"s","data":\#(data)}"#
            return #"{"record":"frame","recv_ts":120,"text":"\#(text.replacingOccurrences(of: "\"", with: "\\\""))"}"#
        }
        let delta = #"{"changes":{"asks":[["60001","0.25","101"]],"bids":[["60000.5","0","99"],["60000","2","102"]]},"sequenceStart":101,"sequenceEnd":102,"symbol":"BTC-USDT","time":1}"#
        let text = [
            #"{"record":"header","version":1,"venue":"kucoin-spot","plugin":"KuCoinSpot","subscriptions":["book:BTC-USDT"],"recv_ts":100}"#,
            #"{"record":"snapshot","recv_ts":110,"symbol":"BTC-USDT","sequence":100,"bids":[["60000.5","0.12345678"]],"asks":[["60001","0.5"],["60002.25","1"]]}"#,
            frame("/market/level2:BTC-USDT", delta),
            frame("/market/match:BTC-USDT", #"{"price":"60001","size":"0.1","side":"buy","sequence":"5","time":"1"}"#),
            frame("/market/level2:BTC-USDT", delta),
        ].joined(separator: "\n")
        let replay = try SimulatorReplay(text: text, speed: nil)
        #expect(replay.isSpot && replay.symbols == ["BTC-USDT"] && replay.count == 3, "two level changes (the bid of 99 is older), one trade")
        try await withSimulator({ $0.replay = replay; $0.spotStartingBalances = ["USDT": 100_000, "BTC": 1] }) { simulator, url in
            for _ in 0..<200 where !simulator.exchange.replayFinished { try await Task.sleep(for: .milliseconds(10)) }
            let client = try spot(url)
            let book = try await client.orderBook(symbol: "BTC-USDT")
            #expect(book.sequence == 102)
            #expect(book.bids.map { [$0.price, $0.size] } == [[Decimal(string: "60000.5")!, Decimal(string: "0.12345678")!], [60_000, 2]])
            #expect(book.asks.map { [$0.price, $0.size] } == [[60_001, Decimal(string: "0.25")!], [Decimal(string: "60002.25")!, 1]])
            let trades = try await client.recentTrades(symbol: "BTC-USDT")
            #expect(trades.map(\.price) == [60_001] && trades.map(\.size) == [Decimal(string: "0.1")!])
            #expect(try await client.instrument(symbol: "BTC-USDT").lotSize == Decimal(string: "0.00000001")!)

            let ack = try await client.placeOrder(.market(.buy, "BTC-USDT", size: "0.3"))
            let fills = try await client.fills(symbol: "BTC-USDT", orderID: ack.orderID)
            #expect(Set(fills.map { [$0.price, $0.size] }) == [[60_001, Decimal(string: "0.25")!], [Decimal(string: "60002.25")!, Decimal(string: "0.05")!]])
            let cost = Decimal(string: "15000.25")! + Decimal(string: "3000.1125")!
            #expect(try await client.balance(currency: "USDT").total == 100_000 - cost - cost * Decimal(string: "0.001")!)
            #expect(try await client.balance(currency: "BTC").total == Decimal(string: "1.3")!)
        }
    }

    @Test("a recording of another venue, a line that is not JSON, or no snapshot is refused with a clear message")
    func refusals() {
        func message(_ text: String) -> String {
            do {
                _ = try SimulatorReplay(text: text, name: "r.rec")
                return "accepted"
            } catch {
                return error.message
            }
        }
        #expect(message(#"{"record":"header","plugin":"BinanceStub"}"#).contains("KuCoin Futures and KuCoin Spot recordings, not BinanceStub's"))
        #expect(message("{\"record\":\"dial\"}\n{oops") == "r.rec line 2: not a JSON object")
        #expect(message(#"{"record":"dial","recv_ts":1}"#).contains("no book snapshot"))
        #expect(message(#"{"record":"snapshot","symbol":"XBTUSDTM","sequence":1,"bids":[["90000","1.5"]],"asks":[]}"#).contains("line 1"))
        #expect(throws: SimulatorError.self) { try SimulatorReplay(text: "", speed: 0) }
    }
}
