import Foundation

/// An order-book event: a full snapshot, or a delta whose levels replace the book's (size 0 removes).
public struct BookUpdate: Hashable, Sendable, Codable {
    /// Whether the update replaces the book or changes it.
    public enum Action: String, Hashable, Sendable, Codable {
        case snapshot
        case delta
    }

    public var symbol: String
    public var action: Action
    /// Bids, best first in snapshots; in deltas, the changed levels.
    public var bids: [PriceLevel]
    /// Asks, best first in snapshots; in deltas, the changed levels.
    public var asks: [PriceLevel]
    /// The venue's book sequence after this update.
    public var sequence: Int64
    /// The number of levels per side a partial-book channel keeps (5, 50), when it is one.
    public var depth: Int?
    /// Exchange time.
    public var timestamp: Timestamp?

    /// Creates an update.
    public init(
        symbol: String, action: Action, bids: [PriceLevel], asks: [PriceLevel], sequence: Int64,
        depth: Int? = nil, timestamp: Timestamp? = nil
    ) {
        self.symbol = symbol
        self.action = action
        self.bids = bids
        self.asks = asks
        self.sequence = sequence
        self.depth = depth
        self.timestamp = timestamp
    }
}
