import ExchangeKit
import Foundation

/// `GET /fapi/v1/exchangeInfo`, the parts an ``Instrument`` needs.
///
/// ```json
/// {"symbols":[{"symbol":"BLZUSDT","contractType":"PERPETUAL","status":"TRADING","baseAsset":"BLZ","quoteAsset":"USDT",
///   "marginAsset":"USDT","filters":[{"filterType":"PRICE_FILTER","tickSize":"0.0001"},{"filterType":"LOT_SIZE","stepSize":"1",…}]}]}
/// ```
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information
struct ExchangeInfoWire: Decodable {
    let symbols: [SymbolWire]

    struct SymbolWire: Decodable {
        let symbol: String
        let contractType: String?
        let status: String
        let baseAsset: String
        let quoteAsset: String
        let marginAsset: String
        let filters: [FilterWire]

        /// The normalized instrument: tick from PRICE_FILTER, step and bounds from LOT_SIZE, MIN_NOTIONAL's `notional`.
        func instrument() throws(ExchangeError) -> Instrument {
            let price = filters.first { $0.filterType == "PRICE_FILTER" }
            let lot = filters.first { $0.filterType == "LOT_SIZE" }
            guard let tickSize = price?.tickSize, let stepSize = lot?.stepSize else {
                throw ExchangeError.decoding("\(symbol) has no PRICE_FILTER tickSize or LOT_SIZE stepSize", input: [], venue: nil)
            }
            return Instrument(symbol: symbol, kind: contractType == "PERPETUAL" ? .perpetual : .future, base: baseAsset, quote: quoteAsset,
                              settle: marginAsset, tickSize: tickSize, lotSize: stepSize, minSize: lot?.minQty ?? stepSize,
                              maxSize: lot?.maxQty, minNotional: filters.first { $0.filterType == "MIN_NOTIONAL" }?.notional,
                              isTrading: status == "TRADING")
        }
    }

    struct FilterWire: Decodable {
        let filterType: String
        let tickSize: Decimal?
        let stepSize: Decimal?
        let minQty: Decimal?
        let maxQty: Decimal?
        let notional: Decimal?

        enum CodingKeys: String, CodingKey { case filterType, tickSize, stepSize, minQty, maxQty, notional }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            filterType = try c.decode(String.self, forKey: .filterType)
            tickSize = try c.decodeDecimalIfPresent(forKey: .tickSize)
            stepSize = try c.decodeDecimalIfPresent(forKey: .stepSize)
            minQty = try c.decodeDecimalIfPresent(forKey: .minQty)
            maxQty = try c.decodeDecimalIfPresent(forKey: .maxQty)
            notional = try c.decodeDecimalIfPresent(forKey: .notional)
        }
    }
}
