import ExchangeKit

extension ConformanceCall {
    /// The call behind a well-known REST capability, made through ``MarketDataVenue`` or
    /// ``TradingVenue``; nil for a capability those protocols do not cover.
    public static func standard(_ call: Capabilities.RestCall) -> ConformanceCall? {
        switch call {
        case .serverTime: market { venue, _ in _ = try await venue.serverTime() }
        case .instruments: market { venue, _ in _ = try await venue.instruments() }
        case .ticker: market { venue, p in _ = try await venue.ticker(symbol: p.symbol) }
        case .orderBook: market { venue, p in _ = try await venue.orderBook(symbol: p.symbol, depth: nil) }
        case .trades: market { venue, p in _ = try await venue.recentTrades(symbol: p.symbol) }
        case .candles:
            market { venue, p in
                _ = try await venue.candles(symbol: p.symbol, interval: p.candleInterval, from: p.candleRange.lowerBound, to: p.candleRange.upperBound)
            }
        case .markPrice: market { venue, p in _ = try await venue.markPrice(symbol: p.symbol) }
        case .fundingRate: market { venue, p in _ = try await venue.fundingRate(symbol: p.symbol) }
        case .balance: trading { venue, p in _ = try await venue.balance(currency: p.currency) }
        case .positions: trading { venue, _ in _ = try await venue.positions() }
        case .placeOrder: trading { venue, p in _ = try await venue.placeOrder(p.order, validateOnly: false) }
        case .cancelOrder: trading { venue, p in _ = try await venue.cancelOrder(id: p.orderID, symbol: p.symbol) }
        case .cancelAllOrders: trading { venue, p in _ = try await venue.cancelAllOrders(symbol: p.symbol) }
        case .orders: trading { venue, p in _ = try await venue.openOrders(symbol: p.symbol) }
        case .fills: trading { venue, p in _ = try await venue.fills(symbol: p.symbol) }
        default: nil
        }
    }

    private static func market(_ body: @escaping @Sendable (any MarketDataVenue, ConformanceParameters) async throws -> Void) -> ConformanceCall {
        ConformanceCall { plugin, parameters in
            guard let venue = plugin as? any MarketDataVenue else {
                throw ConformanceFailure("\(type(of: plugin).name) declares a market-data call but does not conform to MarketDataVenue")
            }
            try await body(venue, parameters)
        }
    }

    private static func trading(_ body: @escaping @Sendable (any TradingVenue, ConformanceParameters) async throws -> Void) -> ConformanceCall {
        ConformanceCall { plugin, parameters in
            guard let venue = plugin as? any TradingVenue else {
                throw ConformanceFailure("\(type(of: plugin).name) declares a trading call but does not conform to TradingVenue")
            }
            try await body(venue, parameters)
        }
    }
}
