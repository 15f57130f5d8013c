import ExchangeKit
import Foundation
import KuCoinCore

/// KuCoin Spot's stream rules: bullet tokens from the Spot host on every dial, the classic WebSocket
/// protocol, topic names per channel, the ranged book sequence, and the frame decoder.
///
/// Books: `.book(symbol)` is kept from `/market/level2` deltas with the ranged rule
/// (`sequenceStart`…`sequenceEnd`, each level's own sequence) against a REST snapshot whose
/// `sequence` is in the same space as the deltas' (PROTOCOL.md §11). With credentials the
/// snapshot is the full signed book (`/api/v3/market/orderbook/level2`); without, the public
/// top 100 (`level2_100`): KuCoin's deltas cover the whole book, so levels beyond the first 100
/// appear only once a delta touches them — the top of the book is exact, its tail is partial.
public struct KuCoinSpotStreamVenue: KuCoinStreamVenue {
    public static let product = KuCoinProduct.spot
    public let id: VenueID
    public let rest: RestClient
    public let webSocketURLOverride: String?

    public var bookSequenceRule: BookSequenceRule { .ranged }

    /// Creates the stream rules.
    public init(id: VenueID, rest: RestClient, webSocketURLOverride: String? = nil) {
        self.id = id
        self.rest = rest
        self.webSocketURLOverride = webSocketURLOverride
    }

    /// The topic of a subscription (PROTOCOL.md §10), or nil when Spot has none:
    ///
    /// | subscription | topic |
    /// |---|---|
    /// | `.trades(S)` | `/market/match:S` |
    /// | `.ticker(S)`; `.ticker("all")` for every pair | `/market/ticker:S`; `/market/ticker:all` |
    /// | `.book(S)` (synchronised) | `/market/level2:S` |
    /// | `.book(S, depth: 5)`, `.book(S, depth: 50)` | `/spotMarket/level2Depth5:S`, `/spotMarket/level2Depth50:S` |
    /// | `.candles(S, interval:)` | `/market/candles:S_type` |
    /// | `Subscription(channel: .level1, symbol: S)` | `/spotMarket/level1:S` |
    /// | `Subscription(channel: .marketSnapshot, symbol: S)` | `/market/snapshot:S` |
    /// | `.orders()` (any symbol: the topic is account-wide) | `/spotMarket/tradeOrdersV2` (private) |
    /// | `.balance()` | `/account/balance` (private) |
    /// | `Subscription(channel: .stopOrders, symbol: nil)` | `/spotMarket/advancedOrders` (private) |
    public static func topic(for subscription: Subscription) -> (topic: String, isPrivate: Bool)? {
        let symbol = subscription.symbol
        switch subscription.channel {
        case .trades: return symbol.map { ("/market/match:\($0)", false) }
        case .ticker: return symbol.map { ("/market/ticker:\($0)", false) }
        case .book:
            guard let symbol else { return nil }
            switch subscription.depth {
            case nil: return ("/market/level2:\(symbol)", false)
            case 5?: return ("/spotMarket/level2Depth5:\(symbol)", false)
            case 50?: return ("/spotMarket/level2Depth50:\(symbol)", false)
            default: return nil
            }
        case .candles:
            guard let symbol, let interval = subscription.interval,
                  let type = KuCoinCandleType.name(for: interval, product: .spot) else { return nil }
            return ("/market/candles:\(symbol)_\(type)", false)
        case .level1: return symbol.map { ("/spotMarket/level1:\($0)", false) }
        case .marketSnapshot: return symbol.map { ("/market/snapshot:\($0)", false) }
        // Spot's order, balance and stop-order topics are account-wide; a symbol does not narrow them.
        case .orders: return ("/spotMarket/tradeOrdersV2", true)
        case .balance: return ("/account/balance", true)
        case .stopOrders: return ("/spotMarket/advancedOrders", true)
        default: return nil
        }
    }

    public func decode(text frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        KuCoinSpotDecoder.decode(frame, into: &output)
    }

    /// The snapshot the `/market/level2` deltas synchronise against: the full signed book with
    /// credentials, else the public top 100 (see the type's notes).
    public func bookSnapshot(symbol: String) async throws -> OrderBookSnapshot {
        let full = rest.venue.signer != nil
        let path = full ? "/api/v3/market/orderbook/level2" : "/api/v1/market/orderbook/level2_100"
        let endpoint = full ? KuCoinEndpoint.signed("orderBook", pool: KuCoinPool.spot, weight: 3) : KuCoinEndpoint.public("orderBookDepth", weight: 2)
        return try await rest.kucoinData(RestRequest(.GET, path, query: [QueryItem("symbol", symbol)], endpoint: endpoint), as: BookWire.self)
            .snapshot(symbol: symbol)
    }
}
