import Foundation

/// One execution of one of the account's orders.
public struct Fill: Hashable, Sendable, Codable {
    public var tradeID: String
    public var orderID: String
    public var clientOrderID: String?
    public var symbol: String
    public var side: Side
    public var price: Decimal
    /// Size in the venue's unit.
    public var size: Decimal
    public var fee: Decimal
    public var feeCurrency: String?
    public var liquidity: Liquidity?
    public var timestamp: Timestamp

    /// Creates a fill.
    public init(
        tradeID: String, orderID: String, clientOrderID: String? = nil, symbol: String, side: Side,
        price: Decimal, size: Decimal, fee: Decimal, feeCurrency: String? = nil, liquidity: Liquidity? = nil,
        timestamp: Timestamp
    ) {
        self.tradeID = tradeID
        self.orderID = orderID
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.price = price
        self.size = size
        self.fee = fee
        self.feeCurrency = feeCurrency
        self.liquidity = liquidity
        self.timestamp = timestamp
    }
}
