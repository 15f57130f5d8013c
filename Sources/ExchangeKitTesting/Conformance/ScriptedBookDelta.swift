import ExchangeKit

/// One book level change the checks ask a profile to render as its venue's delta frame.
public struct ScriptedBookDelta: Sendable, Hashable {
    /// The symbol.
    public var symbol: String
    /// The delta's sequence (its first and last, for venues whose deltas cover a range).
    public var sequence: Int64
    /// The previous delta's last sequence, for venues that chain deltas (Binance `pu`).
    public var previous: Int64
    /// The side of the level.
    public var side: BookSide
    /// The level's price, as the wire would write it.
    public var price: String
    /// The level's new size; `"0"` removes it.
    public var size: String

    /// Creates a delta; `previous` defaults to `sequence - 1`.
    public init(symbol: String, sequence: Int64, previous: Int64? = nil, side: BookSide, price: String, size: String) {
        self.symbol = symbol
        self.sequence = sequence
        self.previous = previous ?? sequence - 1
        self.side = side
        self.price = price
        self.size = size
    }
}
