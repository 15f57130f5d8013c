/// One thing that happened in a simulated market, before it is written in KuCoin's wire format.
enum MarketEvent: Sendable {
    /// A public trade: the taker's side, the price in ticks, the size in lots.
    case trade(symbol: String, side: SimSide, ticks: Int64, lots: Int64, sequence: Int64, time: Int64)
    /// One book level changed (0 lots removes it); `sequence` is the book's, contiguous.
    case level(symbol: String, side: SimSide, ticks: Int64, lots: Int64, sequence: Int64, time: Int64)
    /// The best bid and ask.
    case ticker(symbol: String, bid: Int64, bidLots: Int64, ask: Int64, askLots: Int64, sequence: Int64, time: Int64)
}

extension MarketEvent {
    /// The market it happened in.
    var symbol: String {
        switch self {
        case .trade(let symbol, _, _, _, _, _), .level(let symbol, _, _, _, _, _), .ticker(let symbol, _, _, _, _, _, _): symbol
        }
    }
}

/// Buy or sell, as KuCoin writes it.
enum SimSide: String, Sendable {
    case buy
    case sell
}
