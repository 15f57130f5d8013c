import ExchangeKit
import Foundation
import KuCoinCore

/// `/contractMarket/level2Depth5:{symbol}` and `/contractMarket/level2Depth50:{symbol}`, subject
/// `level2`: the top 5 or 50 levels per side, every 100 ms (PROTOCOL.md §9).
///
/// ```
/// {"bids":[["89720.9",513],["89720.8",12]],"sequence":1709294294670,"timestamp":1731680019100,
///  "ts":1731680019100,"asks":[["89721",906],["89721.1",203]]}
/// ```
/// Levels are `[price string, size number]` (price > 0, size in integer lots ≥ 0; further
/// elements are ignored). Required: `bids`, `asks`, `sequence` (the book's sequence; the
/// envelope's `sn` is a time here), and `timestamp` or `ts` (ms; `timestamp` wins). The
/// symbol is the topic's (the data names none).
/// Samples `futures/ws/level2Depth5.json`, `futures/ws/level2Depth50.json`.
enum DepthSnapshotMessage {
    static func message(_ data: inout JSONReader, symbol: String, depth: Int, into output: inout [StreamMessage]) throws(WireError) {
        var bids: [PriceLevel]?
        var asks: [PriceLevel]?
        var sequence: Int64?
        var timestamp: Timestamp?
        var ts: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("bids") {
                bids = try levels(&data, "bids", capacity: depth)
            } else if key.matches("asks") {
                asks = try levels(&data, "asks", capacity: depth)
            } else if key.matches("sequence") {
                sequence = try data.int64("sequence")
            } else if key.matches("timestamp") {
                timestamp = try data.milliseconds("timestamp")
            } else if key.matches("ts") {
                ts = try data.milliseconds("ts")
            } else {
                try data.skip()
            }
        }

        guard let bids else { throw .missing("bids") }
        guard let asks else { throw .missing("asks") }
        guard let sequence else { throw .missing("sequence") }
        guard let time = timestamp ?? ts else { throw .missing("timestamp") }
        let update = BookUpdate(
            symbol: symbol, action: .snapshot, bids: bids, asks: asks, sequence: sequence, depth: depth, timestamp: time)
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .book(update)))
    }

    /// `[[price, size], …]`.
    private static func levels(_ data: inout JSONReader, _ field: StaticString, capacity: Int) throws(WireError) -> [PriceLevel] {
        var levels: [PriceLevel] = []
        levels.reserveCapacity(capacity)
        try data.array(field)
        while try data.element(field) {
            try data.array(field)
            guard try data.element(field) else { throw .invalid(field, "a level without a price") }
            let price = try data.decimal(field)
            guard try data.element(field) else { throw .invalid(field, "a level without a size") }
            let size = try data.int64(field)
            while try data.element(field) {
                try data.skip()
            }
            guard price.isPositive else { throw .invalid(field, "a price that is not positive") }
            guard size >= 0 else { throw .invalid(field, "a negative size") }
            levels.append(PriceLevel(price: price.decimal, size: Decimal(size)))
        }
        return levels
    }
}
