import ExchangeKit
import KuCoinCore

/// The KuCoin Futures topic a message came on, and the symbol it names (PROTOCOL.md §9).
enum FuturesTopic {
    case level2(TopicSymbol)
    case execution(TopicSymbol)
    case tickerV2(TopicSymbol)
    case depth(TopicSymbol, depth: Int)
    case ticker(TopicSymbol)
    case instrument(TopicSymbol)
    /// `{symbol}_{type}`, split later (an unknown type is an error, not another topic).
    case candle(UnsafeRawBufferPointer)
    case announcement
    case tradeOrders(TopicSymbol)
    case advancedOrders(TopicSymbol)
    case position(TopicSymbol)
    case wallet
    case marginMode
    case crossLeverage
    case unknown

    /// Classifies a topic by prefix, most frequent first.
    @inline(__always)
    init(_ topic: TopicBytes) {
        if topic.hasPrefix("/contractMarket/level2:") {
            self = .level2(topic.symbol(after: "/contractMarket/level2:"))
        } else if topic.hasPrefix("/contractMarket/execution:") {
            self = .execution(topic.symbol(after: "/contractMarket/execution:"))
        } else if topic.hasPrefix("/contractMarket/tickerV2:") {
            self = .tickerV2(topic.symbol(after: "/contractMarket/tickerV2:"))
        } else if topic.hasPrefix("/contractMarket/level2Depth5:") {
            self = .depth(topic.symbol(after: "/contractMarket/level2Depth5:"), depth: 5)
        } else if topic.hasPrefix("/contractMarket/level2Depth50:") {
            self = .depth(topic.symbol(after: "/contractMarket/level2Depth50:"), depth: 50)
        } else if topic.hasPrefix("/contractMarket/ticker:") {
            self = .ticker(topic.symbol(after: "/contractMarket/ticker:"))
        } else if topic.hasPrefix("/contract/instrument:") {
            self = .instrument(topic.symbol(after: "/contract/instrument:"))
        } else if topic.hasPrefix("/contractMarket/limitCandle:") {
            self = .candle(topic.suffix(after: "/contractMarket/limitCandle:"))
        } else if topic.equals("/contract/announcement") {
            self = .announcement
        } else if topic.equals("/contractMarket/tradeOrders") {
            self = .tradeOrders(.none)
        } else if topic.hasPrefix("/contractMarket/tradeOrders:") {
            self = .tradeOrders(topic.symbol(after: "/contractMarket/tradeOrders:"))
        } else if topic.equals("/contractMarket/advancedOrders") {
            self = .advancedOrders(.none)
        } else if topic.hasPrefix("/contractMarket/advancedOrders:") {
            self = .advancedOrders(topic.symbol(after: "/contractMarket/advancedOrders:"))
        } else if topic.equals("/contract/positionAll") {
            self = .position(.none)
        } else if topic.hasPrefix("/contract/position:") {
            self = .position(topic.symbol(after: "/contract/position:"))
        } else if topic.equals("/contractAccount/wallet") {
            self = .wallet
        } else if topic.equals("/contract/marginMode") {
            self = .marginMode
        } else if topic.equals("/contract/crossLeverage") {
            self = .crossLeverage
        } else {
            self = .unknown
        }
    }
}
