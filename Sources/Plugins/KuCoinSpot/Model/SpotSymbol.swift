import ExchangeKit
import Foundation

/// A KuCoin Spot trading pair with every increment and bound `GET /api/v2/symbols` gives; ``instrument``
/// is the venue-agnostic view of it.
public struct SpotSymbol: Hashable, Sendable {
    /// The pair (`BTC-USDT`).
    public var symbol: String
    public var baseCurrency: String
    public var quoteCurrency: String
    /// The currency fees are charged in.
    public var feeCurrency: String?
    /// The trading area (`USDS`, `BTC`, `ALTS`…).
    public var market: String?
    /// The smallest order size in base currency.
    public var baseMinSize: Decimal
    /// The smallest order value in quote currency (market orders by funds).
    public var quoteMinSize: Decimal
    public var baseMaxSize: Decimal
    public var quoteMaxSize: Decimal
    /// The size step in base currency.
    public var baseIncrement: Decimal
    /// The funds step in quote currency.
    public var quoteIncrement: Decimal
    /// The price step.
    public var priceIncrement: Decimal
    /// The smallest order value KuCoin accepts (`minFunds`), when given.
    public var minFunds: Decimal?
    public var isMarginEnabled: Bool
    /// Whether the pair accepts orders now.
    public var enableTrading: Bool

    /// Creates a pair description.
    public init(symbol: String, baseCurrency: String, quoteCurrency: String, feeCurrency: String? = nil, market: String? = nil,
                baseMinSize: Decimal, quoteMinSize: Decimal, baseMaxSize: Decimal, quoteMaxSize: Decimal,
                baseIncrement: Decimal, quoteIncrement: Decimal, priceIncrement: Decimal, minFunds: Decimal? = nil,
                isMarginEnabled: Bool = false, enableTrading: Bool = true) {
        self.symbol = symbol
        self.baseCurrency = baseCurrency
        self.quoteCurrency = quoteCurrency
        self.feeCurrency = feeCurrency
        self.market = market
        self.baseMinSize = baseMinSize
        self.quoteMinSize = quoteMinSize
        self.baseMaxSize = baseMaxSize
        self.quoteMaxSize = quoteMaxSize
        self.baseIncrement = baseIncrement
        self.quoteIncrement = quoteIncrement
        self.priceIncrement = priceIncrement
        self.minFunds = minFunds
        self.isMarginEnabled = isMarginEnabled
        self.enableTrading = enableTrading
    }

    /// The pair as an ``Instrument``: sizes in base currency (multiplier 1), settled in the quote
    /// currency; the minimum notional is `minFunds`, else `quoteMinSize`.
    public var instrument: Instrument {
        Instrument(symbol: symbol, kind: .spot, base: baseCurrency, quote: quoteCurrency, settle: quoteCurrency,
                   tickSize: priceIncrement, lotSize: baseIncrement, minSize: baseMinSize, maxSize: baseMaxSize,
                   minNotional: minFunds ?? quoteMinSize, isTrading: enableTrading)
    }
}
