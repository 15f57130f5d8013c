import Foundation

/// One price level of an order book: a price and the size resting there.
public struct PriceLevel: Hashable, Sendable, Codable {
    public var price: Decimal
    /// Size in the venue's unit; zero removes the level in a delta.
    public var size: Decimal

    /// Creates a level.
    public init(price: Decimal, size: Decimal) {
        self.price = price
        self.size = size
    }
}
