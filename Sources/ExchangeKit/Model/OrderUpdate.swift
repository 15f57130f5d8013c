import Foundation

/// A change to one of the account's orders, as a private stream reports it.
public struct OrderUpdate: Hashable, Sendable, Codable {
    /// The order's state after the change.
    public var order: Order
    /// The fill that caused the change, when it was one.
    public var fillPrice: Decimal?
    public var fillSize: Decimal?
    public var tradeID: String?
    public var fee: Decimal?
    public var liquidity: Liquidity?
    /// Exchange time of the change.
    public var timestamp: Timestamp?

    /// Creates an update.
    public init(
        order: Order, fillPrice: Decimal? = nil, fillSize: Decimal? = nil, tradeID: String? = nil,
        fee: Decimal? = nil, liquidity: Liquidity? = nil, timestamp: Timestamp? = nil
    ) {
        self.order = order
        self.fillPrice = fillPrice
        self.fillSize = fillSize
        self.tradeID = tradeID
        self.fee = fee
        self.liquidity = liquidity
        self.timestamp = timestamp
    }
}
