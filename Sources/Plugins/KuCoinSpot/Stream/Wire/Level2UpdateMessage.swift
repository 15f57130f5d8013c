import ExchangeKit
import Foundation
import KuCoinCore

/// `/market/level2:{symbol}`, subject `trade.l2update`: the changes of a sequence range (PROTOCOL.md §10, §11).
///
/// ```
/// {"changes":{"asks":[["67993.3","1.21427407","14701689783"]],"bids":[]},"sequenceEnd":14701689783,
///  "sequenceStart":14701689783,"symbol":"BTC-USDT","time":1729816425625}
/// ```
/// Each change is `[price, size, sequence]` (strings): the level's new absolute size (`"0"` removes
/// it) and the sequence of the level's last modification, which the synchroniser's ranged rule
/// compares with the book's. A price of `"0"` changes no level, it only advances the sequence:
/// such entries are dropped here. Required: `changes` (with `asks` and `bids`), `sequenceStart` ≤
/// `sequenceEnd` (numbers), `time` (ms), and `symbol` unless the topic names it; every change's
/// sequence must lie within the range (a price > 0 and a size ≥ 0).
/// Sample `spot/ws/level2.json`.
enum Level2UpdateMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, into output: inout [StreamMessage]) throws(WireError) {
        var changes: [BookChange]?
        var start: Int64?
        var end: Int64?
        var symbol: JSONString?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("changes") {
                changes = try self.changes(&data)
            } else if key.matches("sequenceStart") {
                start = try data.int64("sequenceStart")
            } else if key.matches("sequenceEnd") {
                end = try data.int64("sequenceEnd")
            } else if key.matches("symbol") {
                symbol = try data.stringBytes("symbol")
            } else if key.matches("time") {
                time = try data.milliseconds("time")
            } else {
                try data.skip()
            }
        }

        guard let changes else { throw .missing("changes") }
        guard let start else { throw .missing("sequenceStart") }
        guard let end else { throw .missing("sequenceEnd") }
        guard let time else { throw .missing("time") }
        guard start <= end else { throw .invalid("sequenceStart", "\(start) is after sequenceEnd \(end)") }
        for change in changes {
            guard let sequence = change.sequence, sequence >= start, sequence <= end else {
                throw .invalid("changes", "a level's sequence \(change.sequence ?? 0) is outside \(start)...\(end)")
            }
        }
        let name = try topic.resolve(symbol)
        output.append(.bookDelta(BookDelta(symbol: name, sequence: .range(first: start, last: end), changes: changes, timestamp: time)))
    }

    /// `{"asks":[[price, size, sequence], …], "bids":[…]}`.
    private static func changes(_ data: inout JSONReader) throws(WireError) -> [BookChange] {
        var result: [BookChange] = []
        var sawAsks = false
        var sawBids = false
        try data.object()
        while let key = try data.key() {
            if key.matches("asks") {
                sawAsks = true
                try levels(&data, side: .ask, "asks", into: &result)
            } else if key.matches("bids") {
                sawBids = true
                try levels(&data, side: .bid, "bids", into: &result)
            } else {
                try data.skip()
            }
        }
        guard sawAsks else { throw .missing("asks") }
        guard sawBids else { throw .missing("bids") }
        return result
    }

    private static func levels(_ data: inout JSONReader, side: BookSide, _ field: StaticString, into result: inout [BookChange]) throws(WireError) {
        try data.array(field)
        while try data.element(field) {
            try data.array(field)
            guard try data.element(field) else { throw .invalid(field, "a change without a price") }
            let price = try data.decimal(field)
            guard try data.element(field) else { throw .invalid(field, "a change without a size") }
            let size = try data.decimal(field)
            guard try data.element(field) else { throw .invalid(field, "a change without a sequence") }
            let sequence = try data.int64(field)
            while try data.element(field) {
                try data.skip()
            }
            guard !price.isNegative else { throw .invalid(field, "a negative price") }
            guard !size.isNegative else { throw .invalid(field, "a negative size") }
            // Price "0": no level changed, the sequence only moved on.
            if price.isZero { continue }
            guard let change = BookChange(side: side, price: price, size: size, sequence: sequence) else {
                throw .invalid(field, "a price with more than \(PriceKey.scale) decimals or too large")
            }
            result.append(change)
        }
    }
}
