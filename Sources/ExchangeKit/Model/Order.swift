import Foundation

/// An order as the venue reports it.
public struct Order: Hashable, Sendable, Codable {
    /// Where an order is in its life.
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case open
        case partiallyFilled = "partially_filled"
        case filled
        case canceled
        case rejected
        /// Accepted but waiting for a trigger (stop orders).
        case untriggered

        /// Whether the order can still trade.
        public var isActive: Bool { self == .open || self == .partiallyFilled || self == .untriggered }
    }

    public var orderID: String
    public var clientOrderID: String?
    public var symbol: String
    public var side: Side
    public var type: OrderType
    public var status: Status
    public var price: Decimal?
    /// Ordered size in the venue's unit.
    public var size: Decimal
    public var filledSize: Decimal
    public var averageFillPrice: Decimal?
    public var stopPrice: Decimal?
    public var timeInForce: TimeInForce?
    public var reduceOnly: Bool
    public var postOnly: Bool
    public var leverage: Decimal?
    public var createdAt: Timestamp?
    public var updatedAt: Timestamp?

    /// Creates an order.
    public init(
        orderID: String, clientOrderID: String? = nil, symbol: String, side: Side, type: OrderType,
        status: Status, price: Decimal? = nil, size: Decimal, filledSize: Decimal = 0,
        averageFillPrice: Decimal? = nil, stopPrice: Decimal? = nil, timeInForce: TimeInForce? = nil,
        reduceOnly: Bool = false, postOnly: Bool = false, leverage: Decimal? = nil,
        createdAt: Timestamp? = nil, updatedAt: Timestamp? = nil
    ) {
        self.orderID = orderID
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.type = type
        self.status = status
        self.price = price
        self.size = size
        self.filledSize = filledSize
        self.averageFillPrice = averageFillPrice
        self.stopPrice = stopPrice
        self.timeInForce = timeInForce
        self.reduceOnly = reduceOnly
        self.postOnly = postOnly
        self.leverage = leverage
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Size not yet filled.
    public var remainingSize: Decimal { size - filledSize }
}
