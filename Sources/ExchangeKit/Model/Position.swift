import Foundation

/// An open derivatives position.
public struct Position: Hashable, Sendable, Codable {
    public var symbol: String
    /// Signed size in the venue's unit: negative is short (lots for KuCoin Futures).
    public var size: Decimal
    public var entryPrice: Decimal
    public var markPrice: Decimal?
    public var unrealizedPnL: Decimal?
    public var realizedPnL: Decimal?
    public var leverage: Decimal?
    public var liquidationPrice: Decimal?
    public var marginMode: MarginMode?
    /// The settle currency of the contract, when the venue gives one.
    public var settleCurrency: String?
    /// Exchange time of the position state.
    public var timestamp: Timestamp?

    /// Creates a position.
    public init(
        symbol: String, size: Decimal, entryPrice: Decimal, markPrice: Decimal? = nil,
        unrealizedPnL: Decimal? = nil, realizedPnL: Decimal? = nil, leverage: Decimal? = nil,
        liquidationPrice: Decimal? = nil, marginMode: MarginMode? = nil, settleCurrency: String? = nil,
        timestamp: Timestamp? = nil
    ) {
        self.symbol = symbol
        self.size = size
        self.entryPrice = entryPrice
        self.markPrice = markPrice
        self.unrealizedPnL = unrealizedPnL
        self.realizedPnL = realizedPnL
        self.leverage = leverage
        self.liquidationPrice = liquidationPrice
        self.marginMode = marginMode
        self.settleCurrency = settleCurrency
        self.timestamp = timestamp
    }

    /// Whether there is no open size.
    public var isFlat: Bool { size == 0 }
}
