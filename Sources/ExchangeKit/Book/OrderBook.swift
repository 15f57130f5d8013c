import Foundation

/// A price-level order book with exact decimals.
///
/// Levels are kept in two sorted arrays with the best price last, so the best
/// bid and ask are read in O(1), a level is found by binary search on its
/// integer ``PriceKey`` in O(log n), and the changes that dominate real feeds
/// (near the top of the book) move few elements.
public struct OrderBook: Sendable, Hashable {
    /// The book's symbol.
    public let symbol: String
    /// The venue's sequence the book reflects.
    public var sequence: Int64
    /// Exchange time of the last change, when known.
    public var timestamp: Timestamp?

    // Ascending keys: bids' best is last; asks are stored descending so their best is last too.
    private var bidKeys: [Int128] = []
    private var bidLevels: [PriceLevel] = []
    private var askKeys: [Int128] = []
    private var askLevels: [PriceLevel] = []

    /// An empty book.
    public init(symbol: String, sequence: Int64 = 0) {
        self.symbol = symbol
        self.sequence = sequence
    }

    /// A book holding a snapshot's levels.
    /// - Throws: ``ExchangeError`` (`.decoding`) when a price has no exact ``PriceKey``.
    public init(snapshot: OrderBookSnapshot) throws {
        self.init(symbol: snapshot.symbol, sequence: snapshot.sequence)
        timestamp = snapshot.timestamp
        for level in snapshot.bids where level.size != 0 { try set(.bid, level) }
        for level in snapshot.asks where level.size != 0 { try set(.ask, level) }
    }

    /// Sets a level's size; zero removes it.
    @inlinable
    public mutating func apply(_ change: BookChange) {
        update(change.side, key: change.key, level: PriceLevel(price: change.price, size: change.size))
    }

    /// Sets a level's size by decimal price; zero removes it.
    /// - Throws: ``ExchangeError`` (`.decoding`) when the price has no exact ``PriceKey``.
    public mutating func set(_ side: BookSide, _ level: PriceLevel) throws {
        guard let key = PriceKey(level.price) else {
            throw ExchangeError.decoding("price \(level.price) has no exact book key", input: Array(level.price.description.utf8))
        }
        update(side, key: key, level: level)
    }

    /// Applies a delta's levels.
    public mutating func apply(_ update: BookUpdate) throws {
        if update.action == .snapshot {
            self = try OrderBook(snapshot: OrderBookSnapshot(
                symbol: symbol, sequence: update.sequence, bids: update.bids, asks: update.asks, timestamp: update.timestamp))
            return
        }
        for level in update.bids { try set(.bid, level) }
        for level in update.asks { try set(.ask, level) }
        sequence = update.sequence
        timestamp = update.timestamp ?? timestamp
    }

    @usableFromInline
    mutating func update(_ side: BookSide, key: PriceKey, level: PriceLevel) {
        switch side {
        case .bid: Self.write(key.raw, level, keys: &bidKeys, levels: &bidLevels, ascending: true)
        case .ask: Self.write(key.raw, level, keys: &askKeys, levels: &askLevels, ascending: false)
        }
    }

    @usableFromInline
    static func write(_ key: Int128, _ level: PriceLevel, keys: inout [Int128], levels: inout [PriceLevel], ascending: Bool) {
        // Binary search for the first index whose key is not before `key` in this side's order.
        var low = 0
        var high = keys.count
        // Most changes touch the best levels, which sit at the end: check there first.
        if high > 0 {
            let last = keys[high - 1]
            if last == key {
                if level.size == 0 {
                    keys.removeLast()
                    levels.removeLast()
                } else {
                    levels[high - 1] = level
                }
                return
            }
            if ascending ? last < key : last > key {
                if level.size != 0 {
                    keys.append(key)
                    levels.append(level)
                }
                return
            }
        }
        while low < high {
            let middle = (low &+ high) >> 1
            let probe = keys[middle]
            if ascending ? probe < key : probe > key { low = middle + 1 } else { high = middle }
        }
        if low < keys.count && keys[low] == key {
            if level.size == 0 {
                keys.remove(at: low)
                levels.remove(at: low)
            } else {
                levels[low] = level
            }
        } else if level.size != 0 {
            keys.insert(key, at: low)
            levels.insert(level, at: low)
        }
    }

    /// The highest bid.
    public var bestBid: PriceLevel? { bidLevels.last }
    /// The lowest ask.
    public var bestAsk: PriceLevel? { askLevels.last }
    /// The number of bid levels.
    public var bidCount: Int { bidLevels.count }
    /// The number of ask levels.
    public var askCount: Int { askLevels.count }

    /// Whether the best bid reaches the best ask, which a consistent book never does.
    public var isCrossed: Bool {
        guard let bid = bidKeys.last, let ask = askKeys.last else { return false }
        return bid >= ask
    }

    /// Up to `limit` bids, best first.
    public func bids(limit: Int = .max) -> [PriceLevel] { Array(bidLevels.suffix(limit).reversed()) }

    /// Up to `limit` asks, best first.
    public func asks(limit: Int = .max) -> [PriceLevel] { Array(askLevels.suffix(limit).reversed()) }

    /// The size resting at a price, or nil when there is no level there.
    public func size(_ side: BookSide, at price: Decimal) -> Decimal? {
        guard let key = PriceKey(price)?.raw else { return nil }
        let (keys, levels) = side == .bid ? (bidKeys, bidLevels) : (askKeys, askLevels)
        guard let index = keys.firstIndex(of: key) else { return nil }
        return levels[index].size
    }

    /// The book as a snapshot, optionally cut to `depth` levels per side.
    public func snapshot(depth: Int? = nil) -> OrderBookSnapshot {
        OrderBookSnapshot(symbol: symbol, sequence: sequence, bids: bids(limit: depth ?? .max), asks: asks(limit: depth ?? .max), timestamp: timestamp)
    }
}
