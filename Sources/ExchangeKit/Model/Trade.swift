import Foundation

/// One public trade.
public struct Trade: Hashable, Sendable, Codable {
    public var symbol: String
    public var price: Decimal
    /// Size in the venue's unit (lots for KuCoin Futures).
    public var size: Decimal
    /// The taker's side.
    public var side: Side
    public var tradeID: String
    public var makerOrderID: String?
    public var takerOrderID: String?
    /// The venue's sequence number, when it sends one.
    public var sequence: Int64?
    /// Exchange time.
    public var timestamp: Timestamp?

    /// Creates a trade.
    public init(
        symbol: String, price: Decimal, size: Decimal, side: Side, tradeID: String,
        makerOrderID: String? = nil, takerOrderID: String? = nil, sequence: Int64? = nil, timestamp: Timestamp? = nil
    ) {
        self.symbol = symbol
        self.price = price
        self.size = size
        self.side = side
        self.tradeID = tradeID
        self.makerOrderID = makerOrderID
        self.takerOrderID = takerOrderID
        self.sequence = sequence
        self.timestamp = timestamp
    }
}
