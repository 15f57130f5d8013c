import ExchangeKit
import Foundation
import KuCoinCore

extension KuCoinFutures {
    /// The venue's clock (`GET /api/v1/timestamp`).
    public func serverTime() async throws -> Timestamp {
        Timestamp(milliseconds: try await rest.kucoinData(RestRequest(.GET, "/api/v1/timestamp", endpoint: KuCoinEndpoint.public("serverTime", weight: 2)), as: Int64.self))
    }

    /// Every contract open for trading (`GET /api/v1/contracts/active`).
    public func instruments() async throws -> [Instrument] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/contracts/active", endpoint: KuCoinEndpoint.public("instruments", weight: 3)),
                                  as: [ContractWire].self).map(\.instrument)
    }

    /// One contract (`GET /api/v1/contracts/{symbol}`).
    public func instrument(symbol: String) async throws -> Instrument {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/contracts/\(try KuCoinPath.component(symbol))", endpoint: KuCoinEndpoint.public("instrument", weight: 3)),
                                  as: ContractWire.self).instrument
    }

    /// Last trade and best bid/ask (`GET /api/v1/ticker`).
    public func ticker(symbol: String) async throws -> Ticker {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/ticker", query: [QueryItem("symbol", symbol)], endpoint: KuCoinEndpoint.public("ticker", weight: 2)),
                                  as: TickerWire.self).ticker
    }

    /// Every contract's last trade and best bid/ask (`GET /api/v1/allTickers`).
    public func tickers() async throws -> [Ticker] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/allTickers", endpoint: KuCoinEndpoint.public("tickers", weight: 5)),
                                  as: [TickerWire].self).map(\.ticker)
    }

    /// The full order book (`GET /api/v1/level2/snapshot`), the snapshot deltas synchronise against.
    public func orderBook(symbol: String) async throws -> OrderBookSnapshot {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/level2/snapshot", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.public("orderBook", weight: 3)), as: Level2Wire.self).snapshot()
    }

    /// The top 20 or 100 levels (`GET /api/v1/level2/depth20|depth100`).
    /// - Throws: ``ExchangeError`` (`.invalidRequest`) for another depth.
    public func orderBook(symbol: String, depth: Int) async throws -> OrderBookSnapshot {
        guard depth == 20 || depth == 100 else { throw ExchangeError.invalidRequest("KuCoin Futures serves depth 20 or 100, not \(depth)", venue: id) }
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/level2/depth\(depth)", query: [QueryItem("symbol", symbol)],
                                                     endpoint: KuCoinEndpoint.public("orderBookDepth", weight: 5)), as: Level2Wire.self).snapshot()
    }

    /// The mark and index price (`GET /api/v1/mark-price/{symbol}/current`).
    public func markPrice(symbol: String) async throws -> MarkPrice {
        let wire = try await rest.kucoinData(RestRequest(.GET, "/api/v1/mark-price/\(try KuCoinPath.component(symbol))/current",
                                                         endpoint: KuCoinEndpoint.public("markPrice", weight: 3)), as: MarkPriceWire.self)
        return MarkPrice(symbol: symbol, value: wire.value, indexPrice: wire.indexPrice, timestamp: wire.timePoint.map { Timestamp(milliseconds: $0) })
    }

    /// The current funding rate (`GET /api/v1/funding-rate/{symbol}/current`).
    public func fundingRate(symbol: String) async throws -> FundingRate {
        let wire = try await rest.kucoinData(RestRequest(.GET, "/api/v1/funding-rate/\(try KuCoinPath.component(symbol))/current",
                                                         endpoint: KuCoinEndpoint.public("fundingRate", weight: 2)), as: FundingRateWire.self)
        return FundingRate(symbol: symbol, rate: wire.value, timestamp: wire.timePoint.map { Timestamp(milliseconds: $0) },
                           nextFundingTime: wire.fundingTime.map { Timestamp(milliseconds: $0) }, predictedRate: wire.predictedValue,
                           interval: wire.granularity.map { .milliseconds($0) })
    }

    /// Candles between two times (`GET /api/v1/kline/query`, at most 500 rows a call).
    /// - Parameter interval: one of 1, 5, 15, 30, 60, 120, 240, 480, 720, 1440 or 10080 minutes.
    public func candles(symbol: String, interval: Duration, from start: Timestamp, to end: Timestamp) async throws -> [Candle] {
        let minutes = interval.nanoseconds / 60_000_000_000
        guard KuCoinCandleType.name(for: interval, product: .futures) != nil else {
            throw ExchangeError.invalidRequest("KuCoin Futures has no \(interval) candles", venue: id)
        }
        let rows = try await rest.kucoinData(RestRequest(.GET, "/api/v1/kline/query", query: [
            QueryItem("symbol", symbol), QueryItem("granularity", String(minutes)),
            QueryItem("from", String(start.milliseconds)), QueryItem("to", String(end.milliseconds)),
        ], endpoint: KuCoinEndpoint.public("candles", weight: 3)), as: [[WireDecimal]].self)
        return try rows.map { row throws(ExchangeError) in
            // Live rows have a 7th column (turnover); the spec shows 6.
            guard row.count >= 6 else { throw ExchangeError.decoding("a kline row has \(row.count) columns, expected 6 or 7", input: [], venue: id) }
            let time = NSDecimalNumber(decimal: row[0].value).int64Value
            return Candle(symbol: symbol, interval: interval, start: Timestamp(milliseconds: time), open: row[1].value, high: row[2].value,
                          low: row[3].value, close: row[4].value, volume: row[5].value, quoteVolume: row.count > 6 ? row[6].value : nil)
        }
    }
}
