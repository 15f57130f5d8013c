import Foundation

/// Best bid and ask, and the last trade when the venue sends it.
public struct Ticker: Hashable, Sendable, Codable {
    public var symbol: String
    public var bid: Decimal
    public var bidSize: Decimal
    public var ask: Decimal
    public var askSize: Decimal
    public var last: Decimal?
    public var lastSize: Decimal?
    /// The venue's sequence number, when it sends one.
    public var sequence: Int64?
    /// Exchange time.
    public var timestamp: Timestamp?

    /// Creates a ticker.
    public init(
        symbol: String, bid: Decimal, bidSize: Decimal, ask: Decimal, askSize: Decimal,
        last: Decimal? = nil, lastSize: Decimal? = nil, sequence: Int64? = nil, timestamp: Timestamp? = nil
    ) {
        self.symbol = symbol
        self.bid = bid
        self.bidSize = bidSize
        self.ask = ask
        self.askSize = askSize
        self.last = last
        self.lastSize = lastSize
        self.sequence = sequence
        self.timestamp = timestamp
    }
}
