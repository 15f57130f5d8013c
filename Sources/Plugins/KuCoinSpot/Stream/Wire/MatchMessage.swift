import ExchangeKit
import Foundation
import KuCoinCore

/// `/market/match:{symbol}`, subject `trade.l3match`: one public trade (PROTOCOL.md §10).
///
/// ```
/// {"makerOrderId":"671b5007389355000701b1d3","price":"67523","sequence":"11067996711960577","side":"buy",
///  "size":"0.003","symbol":"BTC-USDT","takerOrderId":"671b50161777ff00074c168d","time":"1729843222921000000",
///  "tradeId":"11067996711960577","type":"match"}
/// ```
/// Everything is a string, the sequence and the ns `time` too. Required: `price` (> 0), `size`
/// (base currency, > 0), `side` (the taker's), `tradeId`, `sequence`, `time` (ns), and `symbol`
/// unless the topic names it. The order ids are optional.
/// Sample `spot/ws/match.json`.
enum MatchMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var sequence: Int64?
        var side: Side?
        var size: DecimalComponents?
        var price: DecimalComponents?
        var tradeID: InlineID?
        var makerOrderID: InlineID?
        var takerOrderID: InlineID?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("price") {
                price = try data.decimal("price")
            } else if key.matches("size") {
                size = try data.decimal("size")
            } else if key.matches("side") {
                side = try data.side("side")
            } else if key.matches("time") {
                time = try data.nanoseconds("time")
            } else if key.matches("tradeId") {
                tradeID = try data.inlineID("tradeId")
            } else if key.matches("sequence") {
                sequence = try data.int64("sequence")
            } else if key.matches("symbol") {
                symbol = try data.stringBytes("symbol")
            } else if key.matches("makerOrderId") {
                makerOrderID = try data.optionalInlineID("makerOrderId")
            } else if key.matches("takerOrderId") {
                takerOrderID = try data.optionalInlineID("takerOrderId")
            } else {
                try data.skip()
            }
        }

        guard let price else { throw .missing("price") }
        guard let size else { throw .missing("size") }
        guard let side else { throw .missing("side") }
        guard let tradeID else { throw .missing("tradeId") }
        guard let sequence else { throw .missing("sequence") }
        guard let time else { throw .missing("time") }
        guard price.isPositive else { throw .invalid("price", "not positive") }
        guard size.isPositive else { throw .invalid("size", "not positive") }
        let name = try topic.resolve(symbol)
        output.append(.event(symbol: name, exchangeTime: time, payload: .trade(Trade(
            symbol: name, price: price.decimal, size: size.decimal, side: side, id: tradeID,
            makerOrder: makerOrderID, takerOrder: takerOrderID, sequence: sequence, timestamp: time))))
    }
}
