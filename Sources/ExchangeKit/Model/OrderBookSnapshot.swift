import Foundation

/// A full or partial order book as a REST snapshot returns it.
public struct OrderBookSnapshot: Hashable, Sendable, Codable {
    public var symbol: String
    /// The venue's book sequence the snapshot corresponds to.
    public var sequence: Int64
    /// Bids, best (highest) first.
    public var bids: [PriceLevel]
    /// Asks, best (lowest) first.
    public var asks: [PriceLevel]
    /// Exchange time of the snapshot, when the venue gives one.
    public var timestamp: Timestamp?

    /// Creates a snapshot.
    public init(symbol: String, sequence: Int64, bids: [PriceLevel], asks: [PriceLevel], timestamp: Timestamp? = nil) {
        self.symbol = symbol
        self.sequence = sequence
        self.bids = bids
        self.asks = asks
        self.timestamp = timestamp
    }
}
