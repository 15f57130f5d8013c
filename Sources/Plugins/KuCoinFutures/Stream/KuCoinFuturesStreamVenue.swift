import ExchangeKit
import Foundation
import KuCoinCore

/// KuCoin Futures' stream rules: bullet tokens on every dial, the classic WebSocket
/// protocol, topic names per channel, and the frame decoder.
public struct KuCoinFuturesStreamVenue: StreamVenue {
    public let id: VenueID
    let rest: RestClient
    /// A fixed WebSocket URL (Plugins.yaml `ws_url`) used instead of the bullet's instance server; the token still comes from the bullet.
    let webSocketURLOverride: String?

    public var limits: StreamLimits { KuCoinStreamProtocol.limits }
    public var bookSequenceRule: BookSequenceRule { .contiguous }

    /// Creates the stream rules.
    public init(id: VenueID, rest: RestClient, webSocketURLOverride: String? = nil) {
        self.id = id
        self.rest = rest
        self.webSocketURLOverride = webSocketURLOverride
    }

    public func isPrivate(_ subscription: Subscription) -> Bool {
        switch subscription.channel {
        case .orders, .positions, .balance: true
        default: false
        }
    }

    public func endpoint(private isPrivate: Bool) async throws -> StreamEndpoint {
        var bullet = try await KuCoinBullet.fetch(private: isPrivate, product: .futures, using: rest)
        if let override = webSocketURLOverride, let first = bullet.instanceServers.first {
            bullet = KuCoinBullet(token: bullet.token, instanceServers: [
                .init(endpoint: override, encrypt: first.encrypt, protocol: first.protocol,
                      pingInterval: first.pingInterval, pingTimeout: first.pingTimeout),
            ])
        }
        return try bullet.endpoint(venue: id)
    }

    /// The topic of a subscription (PROTOCOL.md §9), or nil when the venue has none.
    public static func topic(for subscription: Subscription) -> (topic: String, isPrivate: Bool)? {
        let symbol = subscription.symbol
        switch subscription.channel {
        case .trades: return symbol.map { ("/contractMarket/execution:\($0)", false) }
        case .ticker: return symbol.map { ("/contractMarket/tickerV2:\($0)", false) }
        case .book:
            guard let symbol else { return nil }
            switch subscription.depth {
            case nil: return ("/contractMarket/level2:\(symbol)", false)
            case 5?: return ("/contractMarket/level2Depth5:\(symbol)", false)
            case 50?: return ("/contractMarket/level2Depth50:\(symbol)", false)
            default: return nil
            }
        case .candles:
            guard let symbol, let interval = subscription.interval, let name = candleType(interval) else { return nil }
            return ("/contractMarket/limitCandle:\(symbol)_\(name)", false)
        case .markPrice, .fundingRate: return symbol.map { ("/contract/instrument:\($0)", false) }
        case .orders: return (symbol.map { "/contractMarket/tradeOrders:\($0)" } ?? "/contractMarket/tradeOrders", true)
        case .positions: return (symbol.map { "/contract/position:\($0)" } ?? "/contract/positionAll", true)
        case .balance: return ("/contractAccount/wallet", true)
        default: return nil
        }
    }

    static func candleType(_ interval: Duration) -> String? {
        switch interval.nanoseconds / 60_000_000_000 {
        case 1: "1min"
        case 5: "5min"
        case 15: "15min"
        case 30: "30min"
        case 60: "1hour"
        case 120: "2hour"
        case 240: "4hour"
        case 480: "8hour"
        case 720: "12hour"
        case 1440: "1day"
        case 10080: "1week"
        default: nil
        }
    }

    public func subscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        KuCoinStreamProtocol.requests(subscriptions, subscribe: true, ids: &ids, topic: Self.topic(for:))
    }

    public func unsubscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        KuCoinStreamProtocol.requests(subscriptions, subscribe: false, ids: &ids, topic: Self.topic(for:))
    }

    public func pingMessage(id: String) -> String? { KuCoinStreamProtocol.ping(id: id) }

    public func decode(text frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        KuCoinFuturesDecoder.decode(frame, into: &output)
    }

    public func bookSnapshot(symbol: String) async throws -> OrderBookSnapshot {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/level2/snapshot", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinFutures.publicEndpoint("orderBook", weight: 3)), as: Level2Wire.self).snapshot()
    }
}
