/// The side of an order or trade. On trades it is the taker's side.
public enum Side: String, Hashable, Sendable, Codable, CaseIterable {
    case buy
    case sell

    /// The other side.
    public var opposite: Side { self == .buy ? .sell : .buy }
}

/// How an order is priced.
public enum OrderType: String, Hashable, Sendable, Codable, CaseIterable {
    case market
    case limit
    /// A market order that rests until a trigger price is crossed.
    case stopMarket = "stop_market"
    /// A limit order that rests until a trigger price is crossed.
    case stopLimit = "stop_limit"
    /// A market order that closes at a profit target.
    case takeProfitMarket = "take_profit_market"
    /// A limit order that closes at a profit target.
    case takeProfitLimit = "take_profit_limit"
}

/// How long an order rests on the book.
public enum TimeInForce: String, Hashable, Sendable, Codable, CaseIterable {
    /// Good till canceled.
    case goodTillCanceled = "GTC"
    /// Fill what can be filled at once, cancel the rest.
    case immediateOrCancel = "IOC"
    /// Fill everything at once or nothing.
    case fillOrKill = "FOK"
    /// Rest on the book only as a maker (post-only); rejected if it would take.
    case postOnly = "GTX"
    /// Good till a time given with the order.
    case goodTillDate = "GTD"
}

/// What the venue does when an order would trade against the same account.
public enum SelfTradePrevention: String, Hashable, Sendable, Codable, CaseIterable {
    /// Cancel the incoming (taker) order.
    case cancelNewest = "cancel_newest"
    /// Cancel the resting (maker) order.
    case cancelOldest = "cancel_oldest"
    /// Cancel both orders.
    case cancelBoth = "cancel_both"
    /// Reduce the larger order by the smaller one's size and cancel the smaller.
    case decrementAndCancel = "decrement_and_cancel"
}

/// Whether a fill added liquidity to the book or took it.
public enum Liquidity: String, Hashable, Sendable, Codable, CaseIterable {
    case maker
    case taker
}

/// How a position's margin is held.
public enum MarginMode: String, Hashable, Sendable, Codable, CaseIterable {
    case isolated
    case cross
}
