import ExchangeKit
import Foundation

/// `GET /api/v1/market/orderbook/level1?symbol=`: `time` ms (a number), every other value a string,
/// `sequence` too. Sample: reference spot/rest/ticker-level1.json.
struct Level1Wire: Decodable, Sendable {
    let time: Int64
    let sequence: WireInteger?
    let price: LenientDecimal?
    let size: LenientDecimal?
    let bestBid: WireDecimal
    let bestBidSize: WireDecimal
    let bestAsk: WireDecimal
    let bestAskSize: WireDecimal

    func ticker(symbol: String) -> Ticker {
        Ticker(symbol: symbol, bid: bestBid.value, bidSize: bestBidSize.value, ask: bestAsk.value, askSize: bestAskSize.value,
               last: price?.value, lastSize: size?.value, sequence: sequence?.value,
               timestamp: Timestamp(milliseconds: time))
    }
}

/// `GET /api/v1/market/stats?symbol=` and the entries of `GET /api/v1/market/allTickers`: strings,
/// null for a pair that has not traded. Samples: reference spot/rest/stats.json, all-tickers.json.
struct StatsWire: Decodable, Sendable {
    let symbol: String
    let time: Int64?
    let buy: LenientDecimal?
    let sell: LenientDecimal?
    let bestBidSize: LenientDecimal?
    let bestAskSize: LenientDecimal?
    let changeRate: LenientDecimal?
    let changePrice: LenientDecimal?
    let high: LenientDecimal?
    let low: LenientDecimal?
    let vol: LenientDecimal?
    let volValue: LenientDecimal?
    let last: LenientDecimal?
    let averagePrice: LenientDecimal?
    let takerFeeRate: LenientDecimal?
    let makerFeeRate: LenientDecimal?

    func stats(time fallback: Int64? = nil) -> SpotMarketStats {
        SpotMarketStats(symbol: symbol, buy: buy?.value, sell: sell?.value, bestBidSize: bestBidSize?.value, bestAskSize: bestAskSize?.value,
                        changeRate: changeRate?.value, changePrice: changePrice?.value, high: high?.value, low: low?.value,
                        volume: vol?.value, volumeValue: volValue?.value, last: last?.value, averagePrice: averagePrice?.value,
                        takerFeeRate: takerFeeRate?.value, makerFeeRate: makerFeeRate?.value,
                        timestamp: (time ?? fallback).map { Timestamp(milliseconds: $0) })
    }
}

/// `GET /api/v1/market/allTickers`: `{time, ticker: [stats]}`, refreshed every 2 s.
struct AllTickersWire: Decodable, Sendable {
    let time: Int64
    let ticker: [StatsWire]
}
