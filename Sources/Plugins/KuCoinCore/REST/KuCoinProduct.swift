import ExchangeKit

/// Which KuCoin API a client talks to: its host and its rate-limit pools.
public enum KuCoinProduct: String, Sendable, Hashable {
    case futures
    case spot

    /// The live REST host.
    public var liveRESTURL: String {
        switch self {
        case .futures: "https://api-futures.kucoin.com"
        case .spot: "https://api.kucoin.com"
        }
    }

    /// The resource pools at VIP0 (quota per 30 s window); the ledger learns higher
    /// quotas from the `gw-ratelimit-limit` header.
    public var pools: [RateLimitPool] {
        switch self {
        case .futures:
            [RateLimitPool(KuCoinPool.futures, quota: 2000, window: .seconds(30)),
             RateLimitPool(KuCoinPool.public, quota: 2000, window: .seconds(30)),
             RateLimitPool(KuCoinPool.management, quota: 2000, window: .seconds(30))]
        case .spot:
            [RateLimitPool(KuCoinPool.spot, quota: 4000, window: .seconds(30)),
             RateLimitPool(KuCoinPool.public, quota: 2000, window: .seconds(30)),
             RateLimitPool(KuCoinPool.management, quota: 2000, window: .seconds(30))]
        }
    }
}

/// KuCoin's resource-pool names.
public enum KuCoinPool {
    public static let futures = "Futures"
    public static let spot = "Spot"
    public static let `public` = "Public"
    public static let management = "Management"
}
