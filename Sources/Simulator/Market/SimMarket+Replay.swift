/// One change a recording makes to a market, in the simulator's units.
enum SimReplayChange: Sendable {
    /// A book level's new size (0 removes it).
    case level(side: SimSide, ticks: Int64, lots: Int64)
    /// A public trade; the book changes come as their own level changes, as KuCoin sends them.
    case trade(side: SimSide, ticks: Int64, lots: Int64)
    /// A ticker was pushed here: the market's own best levels are published.
    case ticker
}

extension SimMarket {
    /// Applies a recorded change; the market numbers the events itself, so the deltas a client
    /// sees stay contiguous (and in step with REST snapshots) even where the user's orders took
    /// liquidity the recording did not know about.
    mutating func replay(_ change: SimReplayChange, time: Int64, into events: inout [MarketEvent]) {
        switch change {
        case .level(let side, let ticks, let lots):
            // A level on the far side of what the book now holds (the user's orders moved it) clears the way first.
            if lots > 0 {
                if side == .buy {
                    for ask in asks.keys.sorted() where ask <= ticks { setLevel(.sell, ask, 0, time: time, into: &events) }
                } else {
                    for bid in bids.keys.sorted(by: >) where bid >= ticks { setLevel(.buy, bid, 0, time: time, into: &events) }
                }
            }
            setLevel(side, ticks, lots, time: time, into: &events)
            mid = bestAsk?.ticks ?? bestBid.map { $0.ticks + 1 } ?? mid
        case .trade(let side, let ticks, let lots):
            tradeSequence += 1
            events.append(.trade(symbol: contract.symbol, side: side, ticks: ticks, lots: lots, sequence: tradeSequence, time: time))
            record(trade: SimTrade(side: side, ticks: ticks, lots: lots, sequence: tradeSequence, time: time))
        case .ticker:
            guard let bid = bestBid, let ask = bestAsk else { return }
            tickerSequence += 1
            events.append(.ticker(symbol: contract.symbol, bid: bid.ticks, bidLots: bid.lots, ask: ask.ticks, askLots: ask.lots,
                                  sequence: tickerSequence, time: time))
        }
    }
}
