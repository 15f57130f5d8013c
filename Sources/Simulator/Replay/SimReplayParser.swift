import ExchangeKit
import Foundation

/// Reads a `runner record` file line by line into a ``SimulatorReplay``'s books and steps.
///
/// Understood: the header (plugin `KuCoinFutures` or `KuCoinSpot`), `snapshot` records, and the
/// frames of the book, trade and ticker topics — Futures' `/contractMarket/level2:` (`change` =
/// `price,side,size`), `/contractMarket/execution:`, `/contractMarket/tickerV2:`; Spot's
/// `/market/level2:` (ranged, each change with its own sequence), `/market/match:`,
/// `/market/ticker:`. Dials, control frames, other topics, binary and malformed frames are
/// passed over. Prices (and Spot's sizes) are kept on grids fine enough for every recorded one;
/// Futures' sizes must be whole lots.
struct SimReplayParser {
    let name: String
    var isSpot = false

    /// One level change as recorded: side, price and size as text, and the change's sequence.
    typealias Change = (side: SimSide, price: String, size: String, sequence: Int64)

    /// A recorded event before prices and sizes go on their grids.
    enum Raw {
        case snapshot(sequence: Int64, bids: [(String, String)], asks: [(String, String)])
        /// The changes of one message and the sequence it ends at (one change on Futures).
        case levels(last: Int64, changes: [Change])
        case trade(side: SimSide, price: String, size: String)
        case ticker
    }

    var entries: [(time: Int64, symbol: String, raw: Raw)] = []
    var priceDecimals: [String: Int] = [:]
    var sizeDecimals: [String: Int] = [:]

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
            guard plugin == "KuCoinFutures" || plugin == "KuCoinSpot" else {
                throw SimulatorError(message: "\(name) line \(number): the replay reads KuCoin Futures and KuCoin Spot recordings, not \(plugin.isEmpty ? "this one" : plugin)'s")
            }
            isSpot = plugin == "KuCoinSpot"
        case "snapshot":
            guard let symbol = record["symbol"] as? String, let sequence = (record["sequence"] as? NSNumber)?.int64Value,
                  let bids = levels(record["bids"], symbol), let asks = levels(record["asks"], symbol) else {
                throw SimulatorError(message: "\(name) line \(number): a snapshot needs symbol, sequence, and bids and asks of [price, size]\(isSpot ? "" : " in whole lots")")
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
        func integer(_ key: String) -> Int64? { (data[key] as? NSNumber)?.int64Value ?? (data[key] as? String).flatMap { Int64($0) } }
        func text(_ key: String) -> String? { (data[key] as? String) ?? (data[key] as? NSNumber)?.stringValue }
        switch channel {
        case "/contractMarket/level2":
            let parts = (data["change"] as? String)?.split(separator: ",").map(String.init) ?? []
            guard parts.count == 3, let sequence = integer("sequence"), let side = SimSide(rawValue: parts[1]),
                  note(price: parts[0], size: parts[2], symbol, zero: true) else { return nil }
            return .levels(last: sequence, changes: [(side, parts[0], parts[2], sequence)])
        case "/market/level2":
            guard let changes = data["changes"] as? [String: Any], let last = integer("sequenceEnd") else { return nil }
            var read: [Change] = []
            for (key, side) in [("asks", SimSide.sell), ("bids", SimSide.buy)] {
                for row in changes[key] as? [[String]] ?? [] where row.count >= 3 && row[0] != "0" {
                    guard let sequence = Int64(row[2]), note(price: row[0], size: row[1], symbol, zero: true) else { return nil }
                    read.append((side, row[0], row[1], sequence))
                }
            }
            return .levels(last: last, changes: read.sorted { $0.sequence < $1.sequence })
        case "/contractMarket/execution", "/market/match":
            guard let side = (data["side"] as? String).flatMap(SimSide.init(rawValue:)), let price = text("price"), let size = text("size"),
                  note(price: price, size: size, symbol, zero: false) else { return nil }
            return .trade(side: side, price: price, size: size)
        case "/contractMarket/tickerV2", "/market/ticker":
            return .ticker
        default:
            return nil
        }
    }

    /// `[[price, size], …]` as text (strings or numbers).
    mutating func levels(_ value: Any?, _ symbol: String) -> [(String, String)]? {
        guard let rows = value as? [[Any]] else { return nil }
        var levels: [(String, String)] = []
        for row in rows {
            guard row.count >= 2, let price = (row[0] as? String) ?? (row[0] as? NSNumber)?.stringValue,
                  let size = (row[1] as? String) ?? (row[1] as? NSNumber)?.stringValue,
                  note(price: price, size: size, symbol, zero: false) else { return nil }
            levels.append((price, size))
        }
        return levels
    }

    /// Remembers how many decimals a symbol's prices and sizes need; false for a price that is not
    /// a positive decimal, a size that is negative (or 0 where a level must hold something), or a
    /// Futures size that is not a whole number of lots.
    mutating func note(price: String, size: String, _ symbol: String, zero: Bool) -> Bool {
        guard let value = try? DecimalParser.parse(price), value > 0, let amount = try? DecimalParser.parse(size),
              amount > 0 || (zero && amount == 0), isSpot || amount.isWholeNumber else { return false }
        priceDecimals[symbol] = max(priceDecimals[symbol] ?? 0, Self.places(price))
        sizeDecimals[symbol] = max(sizeDecimals[symbol] ?? 0, Self.places(size))
        return true
    }

    /// Significant digits after the point: `90900.10` → 1.
    static func places(_ text: String) -> Int {
        text.split(separator: ".", maxSplits: 1).dropFirst().first.map { $0.reversed().drop { $0 == "0" }.count } ?? 0
    }

    /// Each symbol's contract: KuCoin's grid for a known one, made finer where the recording needs it.
    func contracts() throws(SimulatorError) -> [String: SimContract] {
        var contracts: [String: SimContract] = [:]
        for (symbol, places) in priceDecimals {
            var contract = isSpot ? SimContract.spotPair(symbol) : SimContract.named(symbol)
            let sizes = sizeDecimals[symbol] ?? 0
            guard places <= 12, sizes <= 12 else { throw SimulatorError(message: "\(name): \(symbol) has prices or sizes with more than 12 decimals") }
            contract.priceDecimals = max(contract.priceDecimals, places)
            if isSpot && sizes > contract.sizeDecimals { contract.multiplier = sizes == 0 ? "1" : "0." + String(repeating: "0", count: sizes - 1) + "1" }
            contracts[symbol] = contract
        }
        return contracts
    }

    /// The books (each symbol's first snapshot) and, in file order, the changes after them.
    func finish() throws(SimulatorError) -> (symbols: [String], books: [String: SimulatorReplay.Book], steps: [SimulatorReplay.Step]) {
        let contracts = try contracts()
        let spot = isSpot
        func ticks(_ price: String, _ contract: SimContract) -> Int64? { (try? DecimalParser.parse(price)).flatMap(contract.ticks) }
        func lots(_ size: String, _ contract: SimContract) -> Int64? {
            guard let amount = try? DecimalParser.parse(size) else { return nil }
            if amount == 0 { return 0 }
            return spot ? contract.lots(amount) : SimContract.units(amount, decimals: 0)
        }
        var symbols: [String] = []
        var books: [String: SimulatorReplay.Book] = [:]
        var last: [String: Int64] = [:]
        var early: [String: [(Int64, Raw)]] = [:]
        var start: Int64?
        var steps: [(time: Int64, symbol: String, change: SimReplayChange)] = []
        func add(_ time: Int64, _ symbol: String, _ raw: Raw) {
            guard let contract = contracts[symbol], let applied = last[symbol] else { return }
            switch raw {
            case .levels(let end, let changes):
                guard end > applied else { return }
                // Only the changes the book has not seen: newer than the last message (or the snapshot).
                for change in changes where change.sequence > applied {
                    guard let ticks = ticks(change.price, contract), let lots = lots(change.size, contract) else { continue }
                    steps.append((time, symbol, .level(side: change.side, ticks: ticks, lots: lots)))
                }
                last[symbol] = end
            case .trade(let side, let price, let size):
                guard let ticks = ticks(price, contract), let lots = lots(size, contract), lots > 0 else { return }
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
                    // Before the first snapshot only book changes matter: those newer than it apply after it.
                    if case .levels = raw { early[symbol, default: []].append((time, raw)) }
                    continue
                }
                var book = SimulatorReplay.Book(contract: contract, bids: [:], asks: [:], sequence: sequence)
                for (price, size) in bids { if let ticks = ticks(price, contract), let lots = lots(size, contract) { book.bids[ticks] = lots } }
                for (price, size) in asks { if let ticks = ticks(price, contract), let lots = lots(size, contract) { book.asks[ticks] = lots } }
                books[symbol] = book
                symbols.append(symbol)
                last[symbol] = sequence
                start = min(start ?? time, time)
                for (earlyTime, earlyRaw) in early[symbol] ?? [] { add(max(earlyTime, time), symbol, earlyRaw) }
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
