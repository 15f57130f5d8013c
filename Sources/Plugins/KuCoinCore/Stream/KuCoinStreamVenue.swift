import ExchangeKit

/// The stream rules both KuCoin products share: a bullet token from the product's own host on
/// every dial, the classic protocol's subscribe/unsubscribe messages and JSON ping, and its limits.
/// A product supplies its topics (and its decoder, books and snapshots as a ``StreamVenue``).
public protocol KuCoinStreamVenue: StreamVenue {
    /// The product whose host issues the tokens (Spot and Futures tokens must not be mixed).
    static var product: KuCoinProduct { get }
    /// The REST client bullets are fetched with.
    var rest: RestClient { get }
    /// A fixed WebSocket URL (Plugins.yaml `ws_url`) used instead of the bullet's instance server; the token still comes from the bullet.
    var webSocketURLOverride: String? { get }
    /// The topic of a subscription and whether it is private, or nil when the product has none.
    static func topic(for subscription: Subscription) -> (topic: String, isPrivate: Bool)?
}

extension KuCoinStreamVenue {
    public var limits: StreamLimits { KuCoinStreamProtocol.limits }

    public func isPrivate(_ subscription: Subscription) -> Bool { Self.topic(for: subscription)?.isPrivate ?? false }

    public func endpoint(private isPrivate: Bool) async throws -> StreamEndpoint {
        try await KuCoinBullet.endpoint(private: isPrivate, product: Self.product, using: rest, override: webSocketURLOverride, venue: id)
    }

    public func subscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        KuCoinStreamProtocol.requests(subscriptions, subscribe: true, ids: &ids, topic: Self.topic(for:))
    }

    public func unsubscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        KuCoinStreamProtocol.requests(subscriptions, subscribe: false, ids: &ids, topic: Self.topic(for:))
    }

    public func pingMessage(id: String) -> String? { KuCoinStreamProtocol.ping(id: id) }
}
