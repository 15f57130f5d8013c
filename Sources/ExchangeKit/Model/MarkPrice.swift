import Foundation

/// A contract's mark price and the index it follows.
public struct MarkPrice: Hashable, Sendable, Codable {
    public var symbol: String
    public var value: Decimal
    public var indexPrice: Decimal?
    public var timestamp: Timestamp?

    /// Creates a mark price.
    public init(symbol: String, value: Decimal, indexPrice: Decimal? = nil, timestamp: Timestamp? = nil) {
        self.symbol = symbol
        self.value = value
        self.indexPrice = indexPrice
        self.timestamp = timestamp
    }
}
