import ExchangeKit

/// Binance USDⓈ-M's rate-limit pools (PROTOCOL.md §5): IP request weight per minute, and
/// the account's order counts per 10 seconds and per minute. The quotas are the documented
/// defaults; the `X-MBX-*` headers of every answer correct the ledger.
public enum BinancePool {
    /// IP request weight, 2400 per minute.
    public static let weight = "weight"
    /// Orders per 10 seconds.
    public static let orders10s = "orders10s"
    /// Orders per minute, 1200.
    public static let orders1m = "orders1m"

    /// The pools with their default quotas.
    public static let all = [
        RateLimitPool(weight, quota: 2400, window: .seconds(60)),
        RateLimitPool(orders10s, quota: 300, window: .seconds(10)),
        RateLimitPool(orders1m, quota: 1200, window: .seconds(60)),
    ]

    /// The headers that report each pool's used count.
    static let headers = [(weight, "X-MBX-USED-WEIGHT-1M", Duration.seconds(60)),
                          (orders10s, "X-MBX-ORDER-COUNT-10S", Duration.seconds(10)),
                          (orders1m, "X-MBX-ORDER-COUNT-1M", Duration.seconds(60))]
}

/// Endpoint descriptions with Binance's weights (PROTOCOL.md §6).
enum BinanceEndpoint {
    /// A public call costing `weight` of IP weight.
    static func `public`(_ name: String, weight: Int) -> Endpoint {
        Endpoint(name, costs: [RateLimitCost(BinancePool.weight, weight: weight)])
    }

    /// A SIGNED call (TRADE, USER_DATA) costing `weight` of IP weight.
    static func signed(_ name: String, weight: Int) -> Endpoint {
        Endpoint(name, costs: [RateLimitCost(BinancePool.weight, weight: weight)], isAuthenticated: true)
    }

    /// Order placement: one from each order pool, no IP weight, never resent.
    static func placement(_ name: String) -> Endpoint {
        Endpoint(name, costs: [RateLimitCost(BinancePool.orders10s, weight: 1), RateLimitCost(BinancePool.orders1m, weight: 1)],
                 isAuthenticated: true, idempotency: .nonIdempotent)
    }
}
