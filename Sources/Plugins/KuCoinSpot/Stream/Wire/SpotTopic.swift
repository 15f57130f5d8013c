import ExchangeKit
import KuCoinCore

/// The KuCoin Spot topic a message came on, and the symbol it names (PROTOCOL.md §10).
enum SpotTopic {
    case level2(TopicSymbol)
    case match(TopicSymbol)
    /// `/market/ticker:{symbol}`, or `/market/ticker:all` (whose subject is the symbol).
    case ticker(TopicSymbol)
    case depth(TopicSymbol, depth: Int)
    case level1(TopicSymbol)
    /// `{symbol}_{type}`, split later (an unknown type is an error, not another topic).
    case candles(UnsafeRawBufferPointer)
    case snapshot(TopicSymbol)
    case tradeOrders
    case balance
    case advancedOrders
    case unknown

    /// Classifies a topic by prefix, most frequent first.
    @inline(__always)
    init(_ topic: TopicBytes) {
        if topic.hasPrefix("/market/level2:") {
            self = .level2(topic.symbol(after: "/market/level2:"))
        } else if topic.hasPrefix("/market/match:") {
            self = .match(topic.symbol(after: "/market/match:"))
        } else if topic.hasPrefix("/market/ticker:") {
            self = .ticker(topic.symbol(after: "/market/ticker:"))
        } else if topic.hasPrefix("/spotMarket/level2Depth5:") {
            self = .depth(topic.symbol(after: "/spotMarket/level2Depth5:"), depth: 5)
        } else if topic.hasPrefix("/spotMarket/level2Depth50:") {
            self = .depth(topic.symbol(after: "/spotMarket/level2Depth50:"), depth: 50)
        } else if topic.hasPrefix("/spotMarket/level1:") {
            self = .level1(topic.symbol(after: "/spotMarket/level1:"))
        } else if topic.hasPrefix("/market/candles:") {
            self = .candles(topic.suffix(after: "/market/candles:"))
        } else if topic.hasPrefix("/market/snapshot:") {
            self = .snapshot(topic.symbol(after: "/market/snapshot:"))
        } else if topic.equals("/spotMarket/tradeOrdersV2") || topic.equals("/spotMarket/tradeOrders") {
            self = .tradeOrders
        } else if topic.equals("/account/balance") {
            self = .balance
        } else if topic.equals("/spotMarket/advancedOrders") {
            self = .advancedOrders
        } else {
            self = .unknown
        }
    }
}
