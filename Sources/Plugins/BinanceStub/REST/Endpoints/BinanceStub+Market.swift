import ExchangeKit
import Foundation

extension BinanceStub {
    /// Whether the REST API is reachable (`GET /fapi/v1/ping`).
    public func ping() async throws {
        _ = try await rest.send(RestRequest(.GET, "/fapi/v1/ping", endpoint: BinanceEndpoint.public("ping", weight: 1)))
    }

    /// The venue's clock (`GET /fapi/v1/time`).
    public func serverTime() async throws -> Timestamp {
        Timestamp(milliseconds: try await rest.send(RestRequest(.GET, "/fapi/v1/time", endpoint: BinanceEndpoint.public("serverTime", weight: 1)),
                                                    as: ServerTimeWire.self).serverTime)
    }

    /// Every symbol of the exchange (`GET /fapi/v1/exchangeInfo`), trading or not (see ``Instrument/isTrading``).
    public func instruments() async throws -> [Instrument] {
        let info = try await rest.send(RestRequest(.GET, "/fapi/v1/exchangeInfo", endpoint: BinanceEndpoint.public("exchangeInfo", weight: 1)),
                                       as: ExchangeInfoWire.self)
        return try info.symbols.map { symbol throws(ExchangeError) in try symbol.instrument() }
    }

    /// One symbol, from the exchange information.
    /// - Throws: ``ExchangeError`` (`.invalidRequest`) when the symbol is unknown.
    public func instrument(symbol: String) async throws -> Instrument {
        guard let found = try await instruments().first(where: { $0.symbol == symbol }) else {
            throw ExchangeError.invalidRequest("Binance USDⓈ-M has no symbol \(symbol)", venue: id)
        }
        return found
    }

    /// Best bid and ask (`GET /fapi/v1/ticker/bookTicker?symbol=`).
    public func ticker(symbol: String) async throws -> Ticker {
        try await rest.send(RestRequest(.GET, "/fapi/v1/ticker/bookTicker", query: [QueryItem("symbol", symbol)],
                                        endpoint: BinanceEndpoint.public("bookTicker", weight: 2)), as: BookTickerWire.self).ticker
    }

    /// Every symbol's best bid and ask (`GET /fapi/v1/ticker/bookTicker`).
    public func tickers() async throws -> [Ticker] {
        try await rest.send(RestRequest(.GET, "/fapi/v1/ticker/bookTicker", endpoint: BinanceEndpoint.public("bookTickers", weight: 5)),
                            as: [BookTickerWire].self).map(\.ticker)
    }

    /// A symbol's 24-hour statistics (`GET /fapi/v1/ticker/24hr?symbol=`).
    public func ticker24h(symbol: String) async throws -> BinanceTicker24h {
        try await rest.send(RestRequest(.GET, "/fapi/v1/ticker/24hr", query: [QueryItem("symbol", symbol)],
                                        endpoint: BinanceEndpoint.public("ticker24h", weight: 1)), as: BinanceTicker24h.self)
    }

    /// Every symbol's 24-hour statistics (`GET /fapi/v1/ticker/24hr`).
    public func tickers24h() async throws -> [BinanceTicker24h] {
        try await rest.send(RestRequest(.GET, "/fapi/v1/ticker/24hr", endpoint: BinanceEndpoint.public("tickers24h", weight: 40)),
                            as: [BinanceTicker24h].self)
    }

    /// The order book (`GET /fapi/v1/depth`): `depth` levels a side (5, 10, 20, 50, 100, 500 or 1000), 1000 when nil.
    /// - Throws: ``ExchangeError`` (`.invalidRequest`) for another depth.
    public func orderBook(symbol: String, depth: Int?) async throws -> OrderBookSnapshot {
        let limit = depth ?? 1000
        guard [5, 10, 20, 50, 100, 500, 1000].contains(limit) else {
            throw ExchangeError.invalidRequest("Binance serves depth 5, 10, 20, 50, 100, 500 or 1000, not \(limit)", venue: id)
        }
        let weight = limit <= 50 ? 2 : limit == 100 ? 5 : limit == 500 ? 10 : 20
        return try await rest.send(RestRequest(.GET, "/fapi/v1/depth", query: [QueryItem("symbol", symbol), QueryItem("limit", String(limit))],
                                               endpoint: BinanceEndpoint.public("depth", weight: weight)), as: DepthWire.self).snapshot(symbol: symbol)
    }

    /// The most recent market trades, oldest first (`GET /fapi/v1/trades`).
    public func recentTrades(symbol: String) async throws -> [Trade] {
        try await rest.send(RestRequest(.GET, "/fapi/v1/trades", query: [QueryItem("symbol", symbol)],
                                        endpoint: BinanceEndpoint.public("trades", weight: 5)), as: [RecentTradeWire].self).map { $0.trade(symbol: symbol) }
    }

    /// Aggregate trades (`GET /fapi/v1/aggTrades`), from an aggregate id or in a time window shorter than an hour.
    public func aggregateTrades(symbol: String, fromID: Int64? = nil, from start: Timestamp? = nil, to end: Timestamp? = nil,
                                limit: Int? = nil) async throws -> [Trade] {
        var query = [QueryItem("symbol", symbol)]
        if let fromID { query.append(QueryItem("fromId", String(fromID))) }
        if let start { query.append(QueryItem("startTime", String(start.milliseconds))) }
        if let end { query.append(QueryItem("endTime", String(end.milliseconds))) }
        if let limit { query.append(QueryItem("limit", String(limit))) }
        return try await rest.send(RestRequest(.GET, "/fapi/v1/aggTrades", query: query, endpoint: BinanceEndpoint.public("aggTrades", weight: 20)),
                                   as: [AggregateTradeWire].self).map { $0.trade(symbol: symbol) }
    }

    /// Candles whose start lies in `start ..< end` (`GET /fapi/v1/klines`, at most 1500 a call).
    /// - Throws: ``ExchangeError`` (`.invalidRequest`) for an interval Binance does not serve.
    public func candles(symbol: String, interval: Duration, from start: Timestamp, to end: Timestamp) async throws -> [Candle] {
        guard let name = BinanceVocabulary.interval(interval) else {
            throw ExchangeError.invalidRequest("Binance has no \(interval) klines", venue: id)
        }
        let query = [QueryItem("symbol", symbol), QueryItem("interval", name), QueryItem("startTime", String(start.milliseconds)),
                     QueryItem("endTime", String(end.milliseconds - 1)), QueryItem("limit", "1500")]
        return try await rest.send(RestRequest(.GET, "/fapi/v1/klines", query: query, endpoint: BinanceEndpoint.public("klines", weight: 10)),
                                   as: [KlineRowWire].self).map { $0.candle(symbol: symbol, interval: interval) }
    }

    /// Mark and index price (`GET /fapi/v1/premiumIndex?symbol=`).
    public func markPrice(symbol: String) async throws -> MarkPrice {
        try await premiumIndex(symbol: symbol).mark
    }

    /// The last funding rate and the next funding time (`GET /fapi/v1/premiumIndex?symbol=`).
    public func fundingRate(symbol: String) async throws -> FundingRate {
        try await premiumIndex(symbol: symbol).funding
    }

    /// Settled funding rates, oldest first (`GET /fapi/v1/fundingRate`).
    public func fundingRates(symbol: String, from start: Timestamp? = nil, to end: Timestamp? = nil) async throws -> [FundingRate] {
        var query = [QueryItem("symbol", symbol)]
        if let start { query.append(QueryItem("startTime", String(start.milliseconds))) }
        if let end { query.append(QueryItem("endTime", String(end.milliseconds))) }
        return try await rest.send(RestRequest(.GET, "/fapi/v1/fundingRate", query: query, endpoint: BinanceEndpoint.public("fundingRate", weight: 1)),
                                   as: [FundingRateWire].self).map(\.funding)
    }

    private func premiumIndex(symbol: String) async throws -> PremiumIndexWire {
        try await rest.send(RestRequest(.GET, "/fapi/v1/premiumIndex", query: [QueryItem("symbol", symbol)],
                                        endpoint: BinanceEndpoint.public("premiumIndex", weight: 1)), as: PremiumIndexWire.self)
    }
}
