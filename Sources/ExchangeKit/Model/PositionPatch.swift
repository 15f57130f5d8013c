import Foundation

/// A partial position update (KuCoin sends one on every mark-price move) that the
/// runner merges into the last full position of the symbol before emitting it.
public struct PositionPatch: Hashable, Sendable {
    public var symbol: String
    public var markPrice: Decimal?
    public var unrealizedPnL: Decimal?
    public var realizedPnL: Decimal?
    public var leverage: Decimal?
    public var liquidationPrice: Decimal?
    public var timestamp: Timestamp?

    /// Creates a patch.
    public init(symbol: String, markPrice: Decimal? = nil, unrealizedPnL: Decimal? = nil, realizedPnL: Decimal? = nil,
                leverage: Decimal? = nil, liquidationPrice: Decimal? = nil, timestamp: Timestamp? = nil) {
        self.symbol = symbol
        self.markPrice = markPrice
        self.unrealizedPnL = unrealizedPnL
        self.realizedPnL = realizedPnL
        self.leverage = leverage
        self.liquidationPrice = liquidationPrice
        self.timestamp = timestamp
    }

    /// The position with this patch's fields applied.
    public func applied(to position: Position) -> Position {
        var merged = position
        if let markPrice { merged.markPrice = markPrice }
        if let unrealizedPnL { merged.unrealizedPnL = unrealizedPnL }
        if let realizedPnL { merged.realizedPnL = realizedPnL }
        if let leverage { merged.leverage = leverage }
        if let liquidationPrice { merged.liquidationPrice = liquidationPrice }
        if let timestamp { merged.timestamp = timestamp }
        return merged
    }
}

extension PositionPatch {
    /// The event a stream emits for this patch: the merged position when a full one of the
    /// symbol is known (and it is updated), else an `unhandled` saying so — a size is never invented.
    public func payload(mergingInto positions: inout [String: Position]) -> StreamEvent.Payload {
        guard let position = positions[symbol] else {
            return .unhandled(topic: "position patch", subject: "no full position of \(symbol) received yet")
        }
        let merged = applied(to: position)
        positions[symbol] = merged
        return .position(merged)
    }
}
