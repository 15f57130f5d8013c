import ExchangeKit
import Foundation
import KuCoinCore

/// A contract as `GET /api/v1/contracts/{symbol}` and `/contracts/active` send it (about 86 fields live;
/// only those used are read). Sample: reference futures/rest/contract.json.
/// https://www.kucoin.com/docs-new/rest/futures-trading/market-data/get-symbol
struct ContractWire: Decodable, Sendable {
    let symbol: String
    let type: String?
    let baseCurrency: String
    let quoteCurrency: String
    let settleCurrency: String
    let multiplier: Decimal
    let isInverse: Bool
    let lotSize: Decimal
    let tickSize: Decimal
    let maxOrderQty: Decimal?
    let status: String?

    var instrument: Instrument {
        Instrument(symbol: symbol, kind: type == "FFICSX" ? .future : .perpetual, base: baseCurrency, quote: quoteCurrency,
                   settle: settleCurrency, multiplier: abs(multiplier), isInverse: isInverse, tickSize: tickSize,
                   lotSize: lotSize, minSize: lotSize, maxSize: maxOrderQty, isTrading: status == nil || status == "Open")
    }
}
