import ExchangeKit
import Foundation
import KuCoinCore

extension KuCoinSpot {
    /// The venue's clock (`GET /api/v1/timestamp`).
    public func serverTime() async throws -> Timestamp {
        Timestamp(milliseconds: try await rest.kucoinData(RestRequest(.GET, "/api/v1/timestamp", endpoint: KuCoinEndpoint.public("serverTime", weight: 3)),
                                                          as: Int64.self))
    }

    /// Every pair with its increments and bounds (`GET /api/v2/symbols`), optionally of one trading area (`USDS`, `BTC`…).
    public func symbols(market: String? = nil) async throws -> [SpotSymbol] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v2/symbols", query: market.map { [QueryItem("market", $0)] } ?? [],
                                              endpoint: KuCoinEndpoint.public("symbols", weight: 4)), as: [SymbolWire].self).map(\.spotSymbol)
    }

    /// One pair with its increments and bounds (`GET /api/v2/symbols/{symbol}`).
    public func symbol(_ symbol: String) async throws -> SpotSymbol {
        try await rest.kucoinData(RestRequest(.GET, "/api/v2/symbols/\(try KuCoinPath.component(symbol))",
                                              endpoint: KuCoinEndpoint.public("symbol", weight: 4)), as: SymbolWire.self).spotSymbol
    }

    /// Every pair as an ``Instrument`` (`GET /api/v2/symbols`).
    public func instruments() async throws -> [Instrument] {
        try await symbols().map(\.instrument)
    }

    /// One pair as an ``Instrument`` (`GET /api/v2/symbols/{symbol}`).
    public func instrument(symbol: String) async throws -> Instrument {
        try await self.symbol(symbol).instrument
    }

    /// Best bid and ask with the last trade (`GET /api/v1/market/orderbook/level1`).
    public func ticker(symbol: String) async throws -> Ticker {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/market/orderbook/level1", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.public("ticker", weight: 2)), as: Level1Wire.self).ticker(symbol: symbol)
    }

    /// Every pair's best prices and 24-hour statistics (`GET /api/v1/market/allTickers`, a snapshot KuCoin refreshes every 2 s).
    public func tickers() async throws -> [SpotMarketStats] {
        let wire = try await rest.kucoinData(RestRequest(.GET, "/api/v1/market/allTickers", endpoint: KuCoinEndpoint.public("tickers", weight: 15)),
                                             as: AllTickersWire.self)
        return wire.ticker.map { $0.stats(time: wire.time) }
    }

    /// A pair's 24-hour statistics (`GET /api/v1/market/stats`).
    public func stats(symbol: String) async throws -> SpotMarketStats {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/market/stats", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.public("stats", weight: 15)), as: StatsWire.self).stats()
    }

    /// The top 20 or 100 levels (`GET /api/v1/market/orderbook/level2_20|level2_100`, public).
    /// - Throws: ``ExchangeError`` (`.invalidRequest`) for another depth.
    public func orderBook(symbol: String, depth: Int) async throws -> OrderBookSnapshot {
        guard depth == 20 || depth == 100 else { throw ExchangeError.invalidRequest("KuCoin Spot serves depth 20 or 100, not \(depth)", venue: id) }
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/market/orderbook/level2_\(depth)", query: [QueryItem("symbol", symbol)],
                                                     endpoint: KuCoinEndpoint.public("orderBookDepth", weight: 2)), as: BookWire.self).snapshot(symbol: symbol)
    }

    /// The full order book (`GET /api/v3/market/orderbook/level2`): signed, so it needs credentials.
    public func orderBook(symbol: String) async throws -> OrderBookSnapshot {
        try await rest.kucoinData(RestRequest(.GET, "/api/v3/market/orderbook/level2", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("orderBook", pool: KuCoinPool.spot, weight: 3)),
                                  as: BookWire.self).snapshot(symbol: symbol)
    }

    /// The most recent public trades, oldest first (`GET /api/v1/market/histories`). KuCoin sends no
    /// trade id here: each trade's id is its sequence.
    public func recentTrades(symbol: String) async throws -> [Trade] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/market/histories", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.public("trades", weight: 3)), as: [TradeHistoryWire].self)
            .map { try $0.trade(symbol: symbol) }
            .sorted { ($0.sequence ?? 0) < ($1.sequence ?? 0) }
    }

    /// Candles whose start lies in `start ..< end`, oldest first (`GET /api/v1/market/candles`, times in
    /// seconds, at most 1500 rows a call; KuCoin answers newest first).
    /// - Parameter interval: 1, 3, 5, 15 or 30 minutes, 1, 2, 4, 6, 8 or 12 hours, 1 day or 1 week.
    /// - Throws: ``ExchangeError`` (`.invalidRequest`) for another interval.
    public func candles(symbol: String, interval: Duration, from start: Timestamp, to end: Timestamp) async throws -> [Candle] {
        guard let type = KuCoinCandleType.name(for: interval, product: .spot) else {
            throw ExchangeError.invalidRequest("KuCoin Spot has no \(interval) candles", venue: id)
        }
        let rows = try await rest.kucoinData(RestRequest(.GET, "/api/v1/market/candles", query: [
            QueryItem("symbol", symbol), QueryItem("type", type),
            QueryItem("startAt", String(start.seconds)), QueryItem("endAt", String(end.seconds)),
        ], endpoint: KuCoinEndpoint.public("candles", weight: 3)), as: [[WireDecimal]].self)
        return try rows.map { row throws(ExchangeError) in try CandleRow.candle(row, symbol: symbol, interval: interval) }
            .filter { $0.start >= start && $0.start < end }
            .sorted { $0.start < $1.start }
    }

    /// Candles over any time range, oldest first: windows of at most `pageSize` bars (KuCoin's cap is 1500), one call each.
    public func candles(symbol: String, interval: Duration, over range: Range<Timestamp>, pageSize: Int = 1500) async throws -> [Candle] {
        let step = interval.nanoseconds.multipliedReportingOverflow(by: Int64(max(1, min(pageSize, 1500))))
        guard interval > .zero, !step.overflow else { throw ExchangeError.invalidRequest("candle window too long", venue: id) }
        var result: [Candle] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start.advanced(by: .nanoseconds(step.partialValue)))
            let page = try await candles(symbol: symbol, interval: interval, from: start, to: end)
            result.append(contentsOf: page.filter { $0.start > (result.last?.start ?? Timestamp(nanoseconds: .min)) })
            start = end
        }
        return result
    }
}
