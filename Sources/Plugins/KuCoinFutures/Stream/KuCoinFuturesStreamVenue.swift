import ExchangeKit
import Foundation
import KuCoinCore

/// KuCoin Futures' stream rules: bullet tokens on every dial, the classic WebSocket
/// protocol, topic names per channel, and the frame decoder.
public struct KuCoinFuturesStreamVenue: KuCoinStreamVenue {
    public static let product = KuCoinProduct.futures
    public let id: VenueID
    public let rest: RestClient
    public let webSocketURLOverride: String?

    public var bookSequenceRule: BookSequenceRule { .contiguous }

    /// Creates the stream rules.
    public init(id: VenueID, rest: RestClient, webSocketURLOverride: String? = nil) {
        self.id = id
        self.rest = rest
        self.webSocketURLOverride = webSocketURLOverride
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
            guard let symbol, let interval = subscription.interval, let name = KuCoinCandleType.name(for: interval, product: .futures) else { return nil }
            return ("/contractMarket/limitCandle:\(symbol)_\(name)", false)
        case .markPrice, .fundingRate: return symbol.map { ("/contract/instrument:\($0)", false) }
        case .orders: return (symbol.map { "/contractMarket/tradeOrders:\($0)" } ?? "/contractMarket/tradeOrders", true)
        case .positions: return (symbol.map { "/contract/position:\($0)" } ?? "/contract/positionAll", true)
        case .balance: return ("/contractAccount/wallet", true)
        default: return nil
        }
    }

    public func decode(text frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        KuCoinFuturesDecoder.decode(frame, into: &output)
    }

    public func bookSnapshot(symbol: String) async throws -> OrderBookSnapshot {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/level2/snapshot", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.public("orderBook", weight: 3)), as: Level2Wire.self).snapshot()
    }
}
