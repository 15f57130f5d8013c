import ExchangeKit
import Foundation

/// A pair as `GET /api/v2/symbols` and `/api/v2/symbols/{symbol}` send it: increments and bounds are
/// strings; call-auction fields (often null) are not read. Sample: reference spot/rest/symbol-v2.json.
/// https://www.kucoin.com/docs-new/rest/spot-trading/market-data/get-symbol
struct SymbolWire: Decodable, Sendable {
    let symbol: String
    let baseCurrency: String
    let quoteCurrency: String
    let feeCurrency: String?
    let market: String?
    let baseMinSize: WireDecimal
    let quoteMinSize: WireDecimal
    let baseMaxSize: WireDecimal
    let quoteMaxSize: WireDecimal
    let baseIncrement: WireDecimal
    let quoteIncrement: WireDecimal
    let priceIncrement: WireDecimal
    let minFunds: LenientDecimal?
    let isMarginEnabled: Bool?
    let enableTrading: Bool

    var spotSymbol: SpotSymbol {
        SpotSymbol(symbol: symbol, baseCurrency: baseCurrency, quoteCurrency: quoteCurrency, feeCurrency: feeCurrency, market: market,
                   baseMinSize: baseMinSize.value, quoteMinSize: quoteMinSize.value, baseMaxSize: baseMaxSize.value,
                   quoteMaxSize: quoteMaxSize.value, baseIncrement: baseIncrement.value, quoteIncrement: quoteIncrement.value,
                   priceIncrement: priceIncrement.value, minFunds: minFunds?.value, isMarginEnabled: isMarginEnabled ?? false,
                   enableTrading: enableTrading)
    }
}
