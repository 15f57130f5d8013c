import ExchangeKit
import Foundation

/// A pair's 24-hour statistics and best prices, as `GET /api/v1/market/stats` and each entry of
/// `GET /api/v1/market/allTickers` give them. Prices are nil when the pair has not traded.
public struct SpotMarketStats: Hashable, Sendable {
    public var symbol: String
    /// Best bid.
    public var buy: Decimal?
    /// Best ask.
    public var sell: Decimal?
    /// Size at the best bid (all-tickers only).
    public var bestBidSize: Decimal?
    /// Size at the best ask (all-tickers only).
    public var bestAskSize: Decimal?
    /// Change over 24 hours as a fraction (`-0.0114` is −1.14 %).
    public var changeRate: Decimal?
    public var changePrice: Decimal?
    public var high: Decimal?
    public var low: Decimal?
    /// Volume over 24 hours in base currency.
    public var volume: Decimal?
    /// Volume over 24 hours in quote currency.
    public var volumeValue: Decimal?
    public var last: Decimal?
    public var averagePrice: Decimal?
    public var takerFeeRate: Decimal?
    public var makerFeeRate: Decimal?
    /// When KuCoin computed the figures.
    public var timestamp: Timestamp?

    /// Creates statistics.
    public init(symbol: String, buy: Decimal? = nil, sell: Decimal? = nil, bestBidSize: Decimal? = nil, bestAskSize: Decimal? = nil,
                changeRate: Decimal? = nil, changePrice: Decimal? = nil, high: Decimal? = nil, low: Decimal? = nil,
                volume: Decimal? = nil, volumeValue: Decimal? = nil, last: Decimal? = nil, averagePrice: Decimal? = nil,
                takerFeeRate: Decimal? = nil, makerFeeRate: Decimal? = nil, timestamp: Timestamp? = nil) {
        self.symbol = symbol
        self.buy = buy
        self.sell = sell
        self.bestBidSize = bestBidSize
        self.bestAskSize = bestAskSize
        self.changeRate = changeRate
        self.changePrice = changePrice
        self.high = high
        self.low = low
        self.volume = volume
        self.volumeValue = volumeValue
        self.last = last
        self.averagePrice = averagePrice
        self.takerFeeRate = takerFeeRate
        self.makerFeeRate = makerFeeRate
        self.timestamp = timestamp
    }
}
