import ExchangeKit
import Foundation

/// A symbol's rolling 24-hour statistics (`GET /fapi/v1/ticker/24hr`, stream `<symbol>@ticker`).
public struct BinanceTicker24h: Hashable, Sendable, Decodable {
    /// The symbol (`BTCUSDT`).
    public var symbol: String
    /// Last price minus the price 24 hours ago.
    public var priceChange: Decimal
    /// The change in percent.
    public var priceChangePercent: Decimal
    /// The volume-weighted average price.
    public var weightedAveragePrice: Decimal
    /// The last trade's price.
    public var lastPrice: Decimal
    /// The last trade's quantity.
    public var lastQuantity: Decimal
    /// The first price of the window.
    public var openPrice: Decimal
    /// The highest price.
    public var highPrice: Decimal
    /// The lowest price.
    public var lowPrice: Decimal
    /// Base-asset volume.
    public var volume: Decimal
    /// Quote-asset volume.
    public var quoteVolume: Decimal
    /// When the window opened.
    public var openTime: Timestamp
    /// When the window closes (the statistics' time).
    public var closeTime: Timestamp
    /// The window's first and last trade ids.
    public var firstTradeID: Int64
    /// The window's last trade id.
    public var lastTradeID: Int64
    /// How many trades.
    public var count: Int64

    /// Creates statistics.
    public init(symbol: String, priceChange: Decimal, priceChangePercent: Decimal, weightedAveragePrice: Decimal, lastPrice: Decimal,
                lastQuantity: Decimal, openPrice: Decimal, highPrice: Decimal, lowPrice: Decimal, volume: Decimal, quoteVolume: Decimal,
                openTime: Timestamp, closeTime: Timestamp, firstTradeID: Int64, lastTradeID: Int64, count: Int64) {
        self.symbol = symbol
        self.priceChange = priceChange
        self.priceChangePercent = priceChangePercent
        self.weightedAveragePrice = weightedAveragePrice
        self.lastPrice = lastPrice
        self.lastQuantity = lastQuantity
        self.openPrice = openPrice
        self.highPrice = highPrice
        self.lowPrice = lowPrice
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.openTime = openTime
        self.closeTime = closeTime
        self.firstTradeID = firstTradeID
        self.lastTradeID = lastTradeID
        self.count = count
    }

    enum CodingKeys: String, CodingKey {
        case symbol, priceChange, priceChangePercent, weightedAvgPrice, lastPrice, lastQty, openPrice, highPrice, lowPrice, volume,
             quoteVolume, openTime, closeTime, firstId, lastId, count
    }

    /// Decodes the REST shape.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(symbol: try c.decode(String.self, forKey: .symbol), priceChange: try c.decodeDecimal(forKey: .priceChange),
                  priceChangePercent: try c.decodeDecimal(forKey: .priceChangePercent),
                  weightedAveragePrice: try c.decodeDecimal(forKey: .weightedAvgPrice), lastPrice: try c.decodeDecimal(forKey: .lastPrice),
                  lastQuantity: try c.decodeDecimal(forKey: .lastQty), openPrice: try c.decodeDecimal(forKey: .openPrice),
                  highPrice: try c.decodeDecimal(forKey: .highPrice), lowPrice: try c.decodeDecimal(forKey: .lowPrice),
                  volume: try c.decodeDecimal(forKey: .volume), quoteVolume: try c.decodeDecimal(forKey: .quoteVolume),
                  openTime: Timestamp(milliseconds: try c.decode(Int64.self, forKey: .openTime)),
                  closeTime: Timestamp(milliseconds: try c.decode(Int64.self, forKey: .closeTime)),
                  firstTradeID: try c.decode(Int64.self, forKey: .firstId), lastTradeID: try c.decode(Int64.self, forKey: .lastId),
                  count: try c.decode(Int64.self, forKey: .count))
    }
}
