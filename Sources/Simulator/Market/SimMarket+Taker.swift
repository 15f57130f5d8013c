extension SimMarket {
    /// A new order's pass over the book as a taker, futures and spot alike.
    ///
    /// nil when the order must not trade at all: a post-only order that would take, or a
    /// fill-or-kill the book cannot fill in full at its price. Otherwise the levels taken, best
    /// first, up to `lots` and no worse than `limit` (none when a limit order does not reach the
    /// book), each with the id of the synthetic resting order it met.
    mutating func takerPass(_ side: SimSide, lots: Int64, limit: Int64?, postOnly: Bool, fillOrKill: Bool, time: Int64,
                            into events: inout [MarketEvent]) -> [(ticks: Int64, lots: Int64, makerOrderID: String)]? {
        let crosses = limit.map { limit in
            side == .buy ? (bestAsk.map { $0.ticks <= limit } ?? false) : (bestBid.map { $0.ticks >= limit } ?? false)
        } ?? true
        if postOnly && crosses { return nil }
        if fillOrKill && available(to: side, limit: limit) < lots { return nil }
        guard crosses else { return [] }
        let start = events.count
        let taken = take(side, lots: lots, limit: limit, time: time, into: &events)
        let makers = events[start...].compactMap { event -> String? in
            guard case .trade(_, _, _, _, let sequence, _) = event else { return nil }
            return KuCoinWire.makerOrderID(sequence)
        }
        return taken.enumerated().map { index, level in (level.ticks, level.lots, index < makers.count ? makers[index] : "") }
    }
}
