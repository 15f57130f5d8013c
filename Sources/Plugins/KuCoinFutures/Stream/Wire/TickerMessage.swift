import ExchangeKit
import Foundation
import KuCoinCore

/// `/contractMarket/tickerV2:{symbol}` (subject `tickerV2`: best bid and ask) and
/// `/contractMarket/ticker:{symbol}` (subject `ticker`: the same plus the last trade) (PROTOCOL.md §9).
///
/// ```
/// {"symbol":"XBTUSDTM","sequence":1709284589209,"bestBidSize":713,"bestBidPrice":"88987.4",
///  "bestAskPrice":"88987.5","bestAskSize":1037,"ts":1731665526461000000}
/// {"symbol":"XBTUSDTM","sequence":1793133570931,"side":"sell","size":1,"price":"90147.7","bestBidSize":2186,
///  "bestBidPrice":"90147.7","bestAskPrice":"90147.8","tradeId":"1793133570931","bestAskSize":275,"ts":1731679215637000000}
/// ```
/// Required: `bestBidPrice`, `bestAskPrice` (≥ 0), `bestBidSize`, `bestAskSize` (integer lots ≥ 0),
/// `sequence`, `ts` (ns), `symbol` unless the topic names it; for `ticker` also `price` (> 0) and
/// `size` (integer lots > 0) of the last trade. `side` and `tradeId` of the last trade are not kept
/// (``Ticker`` has no place for them).
/// Samples `futures/ws/tickerV2.json`, `futures/ws/ticker.json`.
enum TickerMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, withLastTrade: Bool, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var sequence: Int64?
        var bid: DecimalComponents?
        var bidSize: Int64?
        var ask: DecimalComponents?
        var askSize: Int64?
        var last: DecimalComponents?
        var lastSize: Int64?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("bestBidPrice") {
                bid = try data.decimal("bestBidPrice")
            } else if key.matches("bestBidSize") {
                bidSize = try data.int64("bestBidSize")
            } else if key.matches("bestAskPrice") {
                ask = try data.decimal("bestAskPrice")
            } else if key.matches("bestAskSize") {
                askSize = try data.int64("bestAskSize")
            } else if key.matches("ts") {
                time = try data.nanoseconds("ts")
            } else if key.matches("sequence") {
                sequence = try data.int64("sequence")
            } else if key.matches("symbol") {
                symbol = try data.stringBytes("symbol")
            } else if withLastTrade && key.matches("price") {
                last = try data.decimal("price")
            } else if withLastTrade && key.matches("size") {
                lastSize = try data.int64("size")
            } else {
                try data.skip()
            }
        }

        guard let bid else { throw .missing("bestBidPrice") }
        guard let bidSize else { throw .missing("bestBidSize") }
        guard let ask else { throw .missing("bestAskPrice") }
        guard let askSize else { throw .missing("bestAskSize") }
        guard let sequence else { throw .missing("sequence") }
        guard let time else { throw .missing("ts") }
        guard !bid.isNegative else { throw .invalid("bestBidPrice", "negative") }
        guard !ask.isNegative else { throw .invalid("bestAskPrice", "negative") }
        guard bidSize >= 0 else { throw .invalid("bestBidSize", "negative") }
        guard askSize >= 0 else { throw .invalid("bestAskSize", "negative") }
        var lastPrice: Decimal?
        var lastTradeSize: Decimal?
        if withLastTrade {
            guard let last else { throw .missing("price") }
            guard let lastSize else { throw .missing("size") }
            guard last.isPositive else { throw .invalid("price", "not positive") }
            guard lastSize > 0 else { throw .invalid("size", "not positive") }
            lastPrice = last.decimal
            lastTradeSize = Decimal(lastSize)
        }
        let name = try topic.resolve(symbol)
        let ticker = Ticker(
            symbol: name, bid: bid.decimal, bidSize: Decimal(bidSize), ask: ask.decimal, askSize: Decimal(askSize),
            last: lastPrice, lastSize: lastTradeSize, sequence: sequence, timestamp: time)
        output.append(.event(symbol: name, exchangeTime: time, payload: .ticker(ticker)))
    }
}
