/// A market's three data topics by id: what a connection's subscriptions are resolved to once,
/// so a tick filters its frames by integer rather than hashing topic strings per event.
struct SimMarketTopics: Sendable {
    var trade: Int
    var ticker: Int
    var level: Int

    /// A contract's topics (KuCoin Futures).
    static func futures(_ symbol: String) -> [String] {
        ["/contractMarket/execution:\(symbol)", "/contractMarket/tickerV2:\(symbol)", "/contractMarket/level2:\(symbol)"]
    }

    /// A pair's topics (KuCoin Spot).
    static func spot(_ symbol: String) -> [String] {
        ["/market/match:\(symbol)", "/market/ticker:\(symbol)", "/market/level2:\(symbol)"]
    }
}

extension SimExchange.State {
    /// Numbers a market's trade, ticker and level2 topics (in that order).
    mutating func number(_ topics: [String], of symbol: String) {
        let ids = topics.map { topic in
            if let id = topicIDs[topic] { return id }
            topicIDs[topic] = topicIDs.count
            return topicIDs.count - 1
        }
        marketTopics[symbol] = SimMarketTopics(trade: ids[0], ticker: ids[1], level: ids[2])
    }

    /// Adds or removes a connection's topics; the market topics among them also by id.
    mutating func setTopics(_ topics: [String], of feed: Int, wanted: Bool) {
        guard feeds[feed] != nil else { return }
        for topic in topics {
            if wanted { feeds[feed]!.topics.insert(topic) } else { feeds[feed]!.topics.remove(topic) }
            if let id = topicIDs[topic] { feeds[feed]!.wants[id] = wanted }
        }
    }
}
