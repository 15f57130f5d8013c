import ExchangeKit
import Foundation
import KuCoinCore

/// `/contractMarket/execution:{symbol}`, subject `match`: one public trade (PROTOCOL.md §9).
///
/// ```
/// {"symbol":"XBTUSDTM","sequence":1794100537695,"side":"buy","size":2,"price":"90503.9",
///  "takerOrderId":"247822202957807616","makerOrderId":"247822167163555840","tradeId":"1794100537695",
///  "ts":1731898619520000000}
/// ```
/// Required: `price` (> 0), `size` (integer lots > 0), `side` (the taker's), `tradeId`,
/// `sequence`, `ts` (ns), and `symbol` unless the topic names it. The order ids are optional.
/// Sample `futures/ws/execution.json`.
enum ExecutionMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var sequence: Int64?
        var side: Side?
        var size: Int64?
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
                size = try data.int64("size")
            } else if key.matches("side") {
                side = try data.side("side")
            } else if key.matches("ts") {
                time = try data.nanoseconds("ts")
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
        guard let time else { throw .missing("ts") }
        guard price.isPositive else { throw .invalid("price", "not positive") }
        guard size > 0 else { throw .invalid("size", "not positive") }
        let name = try topic.resolve(symbol)
        output.append(.event(symbol: name, exchangeTime: time, payload: .trade(Trade(
            symbol: name, price: price.decimal, size: Decimal(size), side: side, id: tradeID,
            makerOrder: makerOrderID, takerOrder: takerOrderID, sequence: sequence, timestamp: time))))
    }
}
