import ExchangeKit
import Foundation

/// Reads a `runner record` file line by line into a ``SimulatorReplay``'s books and steps.
///
/// Understood: the header (its plugin must be `KuCoinFutures`), `snapshot` records, and the
/// frames of `/contractMarket/level2:` (`change` = `price,side,size`), `/contractMarket/execution:`
/// and `/contractMarket/tickerV2:`; dials, control frames, other topics, binary and malformed
/// frames are passed over. Prices are kept on a tick grid fine enough for every recorded price.
struct SimReplayParser {
    let name: String

    /// A recorded event before prices become ticks: text prices, whole lots, the recorded sequence.
    enum Raw {
        case snapshot(sequence: Int64, bids: [(String, Int64)], asks: [(String, Int64)])
        case level(sequence: Int64, side: SimSide, price: String, lots: Int64)
        case trade(side: SimSide, price: String, lots: Int64)
        case ticker
    }

    var entries: [(time: Int64, symbol: String, raw: Raw)] = []
    var decimals: [String: Int] = [:]

    init(name: String) { self.name = name }

    mutating func read(_ line: Substring, number: Int) throws(SimulatorError) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw SimulatorError(message: "\(name) line \(number): not a JSON object")
        }
        let time = (record["recv_ts"] as? NSNumber)?.int64Value ?? 0
        switch record["record"] as? String {
        case "header":
            let plugin = record["plugin"] as? String ?? ""
            guard plugin == "KuCoinFutures" else {
                throw SimulatorError(message: "\(name) line \(number): the replay reads KuCoin Futures recordings, not \(plugin.isEmpty ? "this one" : plugin)'s")
            }
        case "snapshot":
            guard let symbol = record["symbol"] as? String, let sequence = (record["sequence"] as? NSNumber)?.int64Value,
                  let bids = levels(record["bids"], symbol), let asks = levels(record["asks"], symbol) else {
                throw SimulatorError(message: "\(name) line \(number): a snapshot needs symbol, sequence, and bids and asks of [price, whole lots]")
            }
            entries.append((time, symbol, .snapshot(sequence: sequence, bids: bids, asks: asks)))
        case "frame":
            guard let text = record["text"] as? String,
                  let frame = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let topic = frame["topic"] as? String, let data = frame["data"] as? [String: Any],
                  let colon = topic.firstIndex(of: ":") else { return }
            let symbol = String(topic[topic.index(after: colon)...])
            if let raw = message(String(topic[..<colon]), data, symbol) { entries.append((time, symbol, raw)) }
        default:
            return
        }
    }

    /// A market frame as a recorded change; nil for what the replay does not use (or cannot read).
    mutating func message(_ channel: String, _ data: [String: Any], _ symbol: String) -> Raw? {
        switch channel {
        case "/contractMarket/level2":
            let parts = (data["change"] as? String)?.split(separator: ",").map(String.init) ?? []
            guard parts.count == 3, let sequence = (data["sequence"] as? NSNumber)?.int64Value, let side = SimSide(rawValue: parts[1]),
                  let lots = Int64(parts[2]), lots >= 0, note(parts[0], symbol) else { return nil }
            return .level(sequence: sequence, side: side, price: parts[0], lots: lots)
        case "/contractMarket/execution":
            guard let side = (data["side"] as? String).flatMap(SimSide.init(rawValue:)), let price = data["price"] as? String,
                  let lots = (data["size"] as? NSNumber)?.int64Value, lots > 0, note(price, symbol) else { return nil }
            return .trade(side: side, price: price, lots: lots)
        case "/contractMarket/tickerV2":
            return .ticker
        default:
            return nil
        }
    }

    /// `[[price, lots], …]` with prices as text and whole lots (strings or numbers).
    mutating func levels(_ value: Any?, _ symbol: String) -> [(String, Int64)]? {
        guard let rows = value as? [[Any]] else { return nil }
        var levels: [(String, Int64)] = []
        for row in rows {
            guard row.count >= 2 else { return nil }
            let price = (row[0] as? String) ?? (row[0] as? NSNumber)?.stringValue
            let lots = (row[1] as? String).flatMap { Int64($0) } ?? (row[1] as? NSNumber).flatMap { $0.stringValue.contains(".") ? nil : $0.int64Value }
            guard let price, let lots, lots > 0, note(price, symbol) else { return nil }
            levels.append((price, lots))
        }
        return levels
    }

    /// Remembers how many decimals a symbol's prices need; false for a price that is not a positive decimal.
    mutating func note(_ price: String, _ symbol: String) -> Bool {
        guard let value = try? DecimalParser.parse(price), value > 0 else { return false }
        let fraction = price.split(separator: ".", maxSplits: 1).dropFirst().first.map { $0.reversed().drop { $0 == "0" }.count } ?? 0
        decimals[symbol] = max(decimals[symbol] ?? 0, fraction)
        return true
    }

    /// The books (each contract's first snapshot) and, in file order, the changes after them.
    func finish() throws(SimulatorError) -> (symbols: [String], books: [String: SimulatorReplay.Book], steps: [SimulatorReplay.Step]) {
        var contracts: [String: SimContract] = [:]
        for (symbol, places) in decimals {
            var contract = SimContract.named(symbol)
            guard places <= 12 else { throw SimulatorError(message: "\(name): \(symbol) has prices with more than 12 decimals") }
            contract.priceDecimals = max(contract.priceDecimals, places)
            contracts[symbol] = contract
        }
        func ticks(_ price: String, _ contract: SimContract) -> Int64? { (try? DecimalParser.parse(price)).flatMap(contract.ticks) }

        var symbols: [String] = []
        var books: [String: SimulatorReplay.Book] = [:]
        var last: [String: Int64] = [:]
        var early: [String: [(Int64, Int64, Raw)]] = [:]
        var start: Int64?
        var steps: [(time: Int64, symbol: String, change: SimReplayChange)] = []
        func add(_ time: Int64, _ symbol: String, _ raw: Raw) {
            guard let contract = contracts[symbol] else { return }
            switch raw {
            case .level(let sequence, let side, let price, let lots):
                guard sequence > last[symbol] ?? .max, let ticks = ticks(price, contract) else { return }
                last[symbol] = sequence
                steps.append((time, symbol, .level(side: side, ticks: ticks, lots: lots)))
            case .trade(let side, let price, let lots):
                guard let ticks = ticks(price, contract) else { return }
                steps.append((time, symbol, .trade(side: side, ticks: ticks, lots: lots)))
            case .ticker:
                steps.append((time, symbol, .ticker))
            case .snapshot:
                return
            }
        }
        for (time, symbol, raw) in entries {
            guard let contract = contracts[symbol] else { continue }
            if books[symbol] == nil {
                guard case .snapshot(let sequence, let bids, let asks) = raw else {
                    // Before the first snapshot only deltas matter: those newer than it apply after it.
                    if case .level(let sequence, _, _, _) = raw { early[symbol, default: []].append((time, sequence, raw)) }
                    continue
                }
                var book = SimulatorReplay.Book(contract: contract, bids: [:], asks: [:], sequence: sequence)
                for (price, lots) in bids { if let ticks = ticks(price, contract) { book.bids[ticks] = lots } }
                for (price, lots) in asks { if let ticks = ticks(price, contract) { book.asks[ticks] = lots } }
                books[symbol] = book
                symbols.append(symbol)
                last[symbol] = sequence
                start = min(start ?? time, time)
                for (earlyTime, _, earlyRaw) in early[symbol] ?? [] { add(max(earlyTime, time), symbol, earlyRaw) }
                early[symbol] = nil
                continue
            }
            add(time, symbol, raw)
        }
        guard !books.isEmpty else {
            throw SimulatorError(message: "\(name) has no book snapshot to start from: record it with a book subscription (book:SYMBOL)")
        }
        let origin = start ?? 0
        return (symbols, books, steps.map { SimulatorReplay.Step(offset: max(0, $0.time - origin), symbol: $0.symbol, change: $0.change) })
    }
}
