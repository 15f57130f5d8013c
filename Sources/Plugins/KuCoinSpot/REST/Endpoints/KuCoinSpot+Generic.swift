import ExchangeKit

// The venue-agnostic protocols, served by the typed calls of the other files. KuCoin Spot's HF
// endpoints need the symbol for orders and fills; without one they throw `.invalidRequest`.

extension KuCoinSpot: MarketDataVenue {
    public func orderBook(symbol: String, depth: Int?) async throws -> OrderBookSnapshot {
        if let depth { return try await orderBook(symbol: symbol, depth: depth) }
        return try await orderBook(symbol: symbol)
    }
}

extension KuCoinSpot: TradingVenue {
    public func cancelOrder(id orderID: String, symbol: String?) async throws -> [String] {
        try await cancelOrder(id: orderID, symbol: try required(symbol, "cancelling an order"))
    }

    public func order(id orderID: String, symbol: String?) async throws -> Order {
        try await order(id: orderID, symbol: try required(symbol, "looking up an order"))
    }

    public func openOrders(symbol: String?) async throws -> [Order] {
        try await openOrders(symbol: try required(symbol, "listing open orders"))
    }

    public func fills(symbol: String?) async throws -> [Fill] {
        try await fills(symbol: try required(symbol, "listing fills"), orderID: nil)
    }

    private func required(_ symbol: String?, _ what: String) throws(ExchangeError) -> String {
        guard let symbol, !symbol.isEmpty else { throw ExchangeError.invalidRequest("KuCoin Spot needs a symbol for \(what)", venue: id) }
        return symbol
    }
}
