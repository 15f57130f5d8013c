import ExchangeKit

/// Endpoint descriptions with KuCoin's resource pools (PROTOCOL.md §4), for both products' typed calls.
package enum KuCoinEndpoint {
    /// A signed call drawing `weight` from a private pool (Futures, Spot or Management).
    package static func signed(_ name: String, pool: String, weight: Int, idempotency: Endpoint.Idempotency = .idempotent) -> Endpoint {
        Endpoint(name, costs: [RateLimitCost(pool, weight: weight)], isAuthenticated: true, idempotency: idempotency)
    }

    /// An unsigned call drawing `weight` from the per-IP Public pool.
    package static func `public`(_ name: String, weight: Int) -> Endpoint {
        Endpoint(name, costs: [RateLimitCost(KuCoinPool.public, weight: weight)])
    }
}
