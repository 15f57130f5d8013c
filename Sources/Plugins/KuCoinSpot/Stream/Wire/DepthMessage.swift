import ExchangeKit
import Foundation
import KuCoinCore

/// `/spotMarket/level2Depth5:{symbol}` and `/spotMarket/level2Depth50:{symbol}`, subject `level2`: the
/// top 5 or 50 levels per side, every 100 ms (PROTOCOL.md §10).
///
/// ```
/// {"asks":[["67996.7","1.14213262"],…],"bids":[["67996.6","0.37969491"],…],"timestamp":1729822226746}
/// ```
/// Levels are `[price, size]` strings (price > 0, size ≥ 0; further elements ignored). Required:
/// `asks`, `bids`, `timestamp` (ms). The symbol is the topic's. Spot sends no book sequence on
/// these channels, so the update's ``BookUpdate/sequence`` is the push time in milliseconds,
/// which grows with every push (a replacing snapshot needs no continuity).
/// Samples `spot/ws/level2Depth5.json`, `spot/ws/level2Depth50.json`.
enum DepthMessage {
    static func message(_ data: inout JSONReader, symbol: String, depth: Int, into output: inout [StreamMessage]) throws(WireError) {
        var bids: [PriceLevel]?
        var asks: [PriceLevel]?
        var time: Timestamp?
        var milliseconds: Int64 = 0

        try data.object()
        while let key = try data.key() {
            if key.matches("bids") {
                bids = try levels(&data, "bids", capacity: depth)
            } else if key.matches("asks") {
                asks = try levels(&data, "asks", capacity: depth)
            } else if key.matches("timestamp") {
                time = try data.milliseconds("timestamp")
                milliseconds = time!.milliseconds
            } else {
                try data.skip()
            }
        }

        guard let bids else { throw .missing("bids") }
        guard let asks else { throw .missing("asks") }
        guard let time else { throw .missing("timestamp") }
        let update = BookUpdate(symbol: symbol, action: .snapshot, bids: bids, asks: asks, sequence: milliseconds, depth: depth, timestamp: time)
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .book(update)))
    }

    /// `[[price, size], …]`.
    static func levels(_ data: inout JSONReader, _ field: StaticString, capacity: Int) throws(WireError) -> [PriceLevel] {
        var levels: [PriceLevel] = []
        levels.reserveCapacity(capacity)
        try data.array(field)
        while try data.element(field) {
            levels.append(try level(&data, field))
        }
        return levels
    }

    /// One `[price, size]` (price > 0, size ≥ 0; further elements ignored).
    static func level(_ data: inout JSONReader, _ field: StaticString) throws(WireError) -> PriceLevel {
        try data.array(field)
        guard try data.element(field) else { throw .invalid(field, "a level without a price") }
        let price = try data.decimal(field)
        guard try data.element(field) else { throw .invalid(field, "a level without a size") }
        let size = try data.decimal(field)
        while try data.element(field) {
            try data.skip()
        }
        guard price.isPositive else { throw .invalid(field, "a price that is not positive") }
        guard !size.isNegative else { throw .invalid(field, "a negative size") }
        return PriceLevel(price: price.decimal, size: size.decimal)
    }
}
