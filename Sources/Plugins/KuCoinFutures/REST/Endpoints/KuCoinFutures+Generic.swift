import ExchangeKit
import KuCoinCore

// The venue-agnostic protocols, served by the typed calls of the other files.

extension KuCoinFutures: MarketDataVenue {
    public func orderBook(symbol: String, depth: Int?) async throws -> OrderBookSnapshot {
        if let depth { return try await orderBook(symbol: symbol, depth: depth) }
        return try await orderBook(symbol: symbol)
    }
}

extension KuCoinFutures: TradingVenue {
    public func cancelOrder(id orderID: String, symbol: String?) async throws -> [String] {
        try await cancelOrder(id: orderID)
    }

    public func order(id orderID: String, symbol: String?) async throws -> Order {
        try await order(id: orderID)
    }

    public func fills(symbol: String?) async throws -> [Fill] {
        try await fills(symbol: symbol, orderID: nil)
    }

    public func positions() async throws -> [Position] {
        try await positions(currency: nil)
    }
}
