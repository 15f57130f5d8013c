import Foundation

/// One of the account's orders, as the simulator keeps it (prices in ticks, sizes in lots).
struct SimOrder: Sendable {
    enum Kind: String, Sendable {
        case limit
        case market
    }

    enum TimeInForce: String, Sendable {
        case goodTillCanceled = "GTC"
        case immediateOrCancel = "IOC"
        case fillOrKill = "FOK"
    }

    var id: String
    var clientOid: String
    var symbol: String
    var side: SimSide
    var kind: Kind
    /// Limit price in ticks; nil for market orders.
    var price: Int64?
    var size: Int64
    var filled: Int64 = 0
    var canceled: Int64 = 0
    var timeInForce: TimeInForce
    var postOnly: Bool
    var reduceOnly: Bool
    var leverage: Decimal
    /// Filled value in quote currency (for the average fill price).
    var filledValue: Decimal = 0
    /// `up` / `down` with `stopPrice` (ticks): untriggered until the last trade crosses it.
    var stop: String?
    var stopPrice: Int64?
    var stopPriceType: String?
    var stopTriggered = false
    var createdAt: Int64
    var updatedAt: Int64
    var isActive = true

    var remaining: Int64 { size - filled - canceled }
    var isUntriggeredStop: Bool { stop != nil && !stopTriggered && isActive }
}

/// One execution of the account's orders.
struct SimFill: Sendable {
    var tradeID: String
    var orderID: String
    var symbol: String
    var side: SimSide
    var price: Int64
    var lots: Int64
    var value: Decimal
    var fee: Decimal
    var feeRate: Decimal
    var liquidity: String
    var orderType: SimOrder.Kind
    var time: Int64
    /// The other side's order (spot fills name it).
    var counterOrderID = ""
    /// The fill's own id, which spot's fill pages are keyed by (futures fills have none).
    var fillID: Int64 = 0
}

/// The account's position in one contract (one-way mode).
struct SimPosition: Sendable {
    var symbol: String
    /// Signed lots: negative is short.
    var quantity: Int64 = 0
    /// Average entry price, exact.
    var entryPrice: Decimal = 0
    var realisedPnl: Decimal = 0
    var leverage: Decimal = 1
    var openedAt: Int64 = 0
}
