import Foundation

/// Which side of a book a level is on.
public enum BookSide: String, Hashable, Sendable, Codable {
    case bid
    case ask
}

/// One level change of a book delta: the level's new size (0 removes it).
public struct BookChange: Hashable, Sendable {
    public var side: BookSide
    public var price: Decimal
    /// The price's ordering key.
    public var key: PriceKey
    /// The new absolute size; zero removes the level.
    public var size: Decimal
    /// The level's own sequence, for venues that send one (KuCoin Spot).
    public var sequence: Int64?

    /// Creates a change from parsed parts (the fast path decoders use).
    /// Returns nil when the price has no exact ``PriceKey``.
    @inlinable
    public init?(side: BookSide, price: DecimalComponents, size: DecimalComponents, sequence: Int64? = nil) {
        guard let key = PriceKey(price) else { return nil }
        self.side = side
        self.key = key
        self.price = price.decimal
        self.size = size.decimal
        self.sequence = sequence
    }

    /// Creates a change from decimals. Returns nil when the price has no exact ``PriceKey``.
    public init?(side: BookSide, price: Decimal, size: Decimal, sequence: Int64? = nil) {
        guard let key = PriceKey(price) else { return nil }
        self.side = side
        self.key = key
        self.price = price
        self.size = size
        self.sequence = sequence
    }
}

/// Where a delta sits in the venue's book sequence; which case a venue uses is its ``BookSequenceRule``.
public enum BookSequence: Hashable, Sendable {
    /// One number per delta, each the previous + 1 (KuCoin Futures).
    case single(Int64)
    /// A range covering the delta's changes; the next starts at `last + 1` (KuCoin Spot).
    case range(first: Int64, last: Int64)
    /// A range plus the previous delta's last number (Binance USDⓈ-M `U`, `u`, `pu`).
    case chained(first: Int64, last: Int64, previous: Int64)

    /// The book's sequence once the delta is applied.
    public var last: Int64 {
        switch self {
        case .single(let value): value
        case .range(_, let last), .chained(_, let last, _): last
        }
    }

    /// The first sequence number the delta covers.
    public var first: Int64 {
        switch self {
        case .single(let value): value
        case .range(let first, _), .chained(let first, _, _): first
        }
    }
}

/// How a venue's deltas line up with each other and with a REST snapshot.
public enum BookSequenceRule: String, Hashable, Sendable {
    /// Each delta's sequence is the previous + 1; the snapshot's sequence is the last delta it includes.
    case contiguous
    /// Deltas cover `sequenceStart...sequenceEnd` and carry per-level sequences; a level change
    /// applies only when newer than the book.
    case ranged
    /// Each delta names the previous delta's last id (`pu`); the first applied delta spans the snapshot's id.
    case chained
}

/// A book delta as a venue decodes it, before the synchroniser checks its sequence.
public struct BookDelta: Hashable, Sendable {
    public var symbol: String
    public var sequence: BookSequence
    public var changes: [BookChange]
    /// Exchange time.
    public var timestamp: Timestamp?

    /// Creates a delta.
    public init(symbol: String, sequence: BookSequence, changes: [BookChange], timestamp: Timestamp? = nil) {
        self.symbol = symbol
        self.sequence = sequence
        self.changes = changes
        self.timestamp = timestamp
    }
}
