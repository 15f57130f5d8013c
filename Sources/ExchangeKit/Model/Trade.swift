import Foundation

/// One public trade.
public struct Trade: Hashable, Sendable, Codable {
    public var symbol: String
    public var price: Decimal
    /// Size in the venue's unit (lots for KuCoin Futures).
    public var size: Decimal
    /// The taker's side.
    public var side: Side
    /// The venue's trade id, kept inline (KuCoin Spot's are 17 digits, beyond `String`'s 15 inline bytes).
    public var id: InlineID
    /// The maker's order id, kept inline (KuCoin's are 24 characters: as `String`s they were an
    /// allocation each, half of a trade's decoding cost).
    public var makerOrder: InlineID?
    /// The taker's order id, kept inline.
    public var takerOrder: InlineID?
    /// The venue's sequence number, when it sends one.
    public var sequence: Int64?
    /// Exchange time.
    public var timestamp: Timestamp?

    /// The venue's trade id as a `String`.
    public var tradeID: String {
        get { id.string }
        set { id = InlineID(newValue) }
    }

    /// The maker's order id as a `String`.
    public var makerOrderID: String? {
        get { makerOrder?.string }
        set { makerOrder = newValue.map { InlineID($0) } }
    }

    /// The taker's order id as a `String`.
    public var takerOrderID: String? {
        get { takerOrder?.string }
        set { takerOrder = newValue.map { InlineID($0) } }
    }

    /// Creates a trade.
    public init(
        symbol: String, price: Decimal, size: Decimal, side: Side, tradeID: String,
        makerOrderID: String? = nil, takerOrderID: String? = nil, sequence: Int64? = nil, timestamp: Timestamp? = nil
    ) {
        self.init(symbol: symbol, price: price, size: size, side: side, id: InlineID(tradeID),
                  makerOrder: makerOrderID.map { InlineID($0) }, takerOrder: takerOrderID.map { InlineID($0) },
                  sequence: sequence, timestamp: timestamp)
    }

    /// Creates a trade from ids already kept inline (a decoder's way: no allocation).
    public init(
        symbol: String, price: Decimal, size: Decimal, side: Side, id: InlineID,
        makerOrder: InlineID?, takerOrder: InlineID?, sequence: Int64? = nil, timestamp: Timestamp? = nil
    ) {
        self.symbol = symbol
        self.price = price
        self.size = size
        self.side = side
        self.id = id
        self.makerOrder = makerOrder
        self.takerOrder = takerOrder
        self.sequence = sequence
        self.timestamp = timestamp
    }

    private enum CodingKeys: String, CodingKey {
        case symbol, price, size, side
        case id = "tradeID"
        case makerOrder = "makerOrderID"
        case takerOrder = "takerOrderID"
        case sequence, timestamp
    }
}
