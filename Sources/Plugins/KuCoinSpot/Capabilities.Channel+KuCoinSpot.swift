import ExchangeKit

extension Capabilities.Channel {
    /// KuCoin Spot's best bid and ask every 10 ms (`/spotMarket/level1`), delivered as tickers.
    public static let level1: Capabilities.Channel = "level1"
    /// KuCoin Spot's 24-hour market snapshot every 2 s (`/market/snapshot`), delivered as tickers.
    public static let marketSnapshot: Capabilities.Channel = "snapshot"
    /// The account's stop orders until they trigger (`/spotMarket/advancedOrders`), delivered as orders.
    public static let stopOrders: Capabilities.Channel = "stop_orders"
}
