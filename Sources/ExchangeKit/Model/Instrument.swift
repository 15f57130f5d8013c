import Foundation

/// A tradable contract or pair and the rules for pricing and sizing orders on it.
///
/// Sizes on the wire are in the venue's own unit: lots for KuCoin Futures, base
/// currency for spot and Binance. ``multiplier`` converts: one lot is
/// `multiplier` units of the base currency (linear) or of the quote currency
/// (inverse).
public struct Instrument: Hashable, Sendable, Codable {
    /// What kind of market the instrument trades in.
    public enum Kind: String, Hashable, Sendable, Codable {
        case spot
        case perpetual
        /// A future with a delivery date.
        case future
    }

    /// The venue's own spelling (`XBTUSDTM`, `BTC-USDT`, `BTCUSDT`).
    public var symbol: String
    public var kind: Kind
    public var base: String
    public var quote: String
    /// The currency profit, loss and margin settle in.
    public var settle: String
    /// Units of base (linear) or quote (inverse) currency per unit of size.
    public var multiplier: Decimal
    /// Whether the contract is inverse (margined and settled in the base currency).
    public var isInverse: Bool
    /// The smallest price step.
    public var tickSize: Decimal
    /// The smallest size step, in the venue's unit.
    public var lotSize: Decimal
    /// The smallest order size, in the venue's unit.
    public var minSize: Decimal
    /// The largest order size, in the venue's unit, when the venue states one.
    public var maxSize: Decimal?
    /// The smallest order value in quote currency, when the venue states one.
    public var minNotional: Decimal?
    /// Whether the venue currently accepts orders.
    public var isTrading: Bool

    /// Creates an instrument.
    public init(
        symbol: String, kind: Kind, base: String, quote: String, settle: String,
        multiplier: Decimal = 1, isInverse: Bool = false,
        tickSize: Decimal, lotSize: Decimal, minSize: Decimal,
        maxSize: Decimal? = nil, minNotional: Decimal? = nil, isTrading: Bool = true
    ) {
        self.symbol = symbol
        self.kind = kind
        self.base = base
        self.quote = quote
        self.settle = settle
        self.multiplier = multiplier
        self.isInverse = isInverse
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minSize = minSize
        self.maxSize = maxSize
        self.minNotional = minNotional
        self.isTrading = isTrading
    }

    /// Converts a size in the venue's unit to base currency (linear) or quote currency (inverse).
    public func quantity(fromSize size: Decimal) -> Decimal { size * multiplier }

    /// Converts a quantity of base (linear) or quote (inverse) currency to the venue's size unit,
    /// rounded down to a whole lot.
    public func size(fromQuantity quantity: Decimal) -> Decimal {
        roundDown(quantity / multiplier, step: lotSize)
    }

    /// Rounds a price down to the tick size.
    public func roundPrice(_ price: Decimal) -> Decimal { roundDown(price, step: tickSize) }

    /// Whether a price lies on the tick grid.
    public func isValidPrice(_ price: Decimal) -> Bool { price > 0 && roundDown(price, step: tickSize) == price }

    /// Whether a size lies on the lot grid and within the size bounds.
    public func isValidSize(_ size: Decimal) -> Bool {
        guard size >= minSize, size > 0, roundDown(size, step: lotSize) == size else { return false }
        if let maxSize, size > maxSize { return false }
        return true
    }

    private func roundDown(_ value: Decimal, step: Decimal) -> Decimal {
        guard step > 0 else { return value }
        var steps = value / step
        var floored = Decimal()
        NSDecimalRound(&floored, &steps, 0, .down)
        return floored * step
    }
}
