import ExchangeKit
import Foundation
import KuCoinCore

/// `/contractMarket/advancedOrders`, subject `stopOrder`: the life of a stop order until it
/// triggers (PROTOCOL.md §9).
///
/// ```
/// {"createdAt":1730194206837,"marginMode":"ISOLATED","orderId":"240673378116083712","orderPrice":"0.1",
///  "orderType":"stop","side":"buy","size":1,"stop":"down","stopPrice":"1000","stopPriceType":"TP",
///  "symbol":"XBTUSDTM","ts":1730194206843133000,"type":"open"}
/// ```
/// Required: `orderId`, `symbol` (unless the topic names it), `side`, `size` (integer lots > 0),
/// `stopPrice` (> 0), `type`, `ts` (ns). Optional: `orderPrice` (`""` = none), `createdAt` (ms),
/// `triggerSuccess`, `error` (legacy).
///
/// Status from `type`:
/// - `open` → ``Order/Status/untriggered``;
/// - `cancel` → ``Order/Status/canceled``;
/// - `triggered` → ``Order/Status/open``: the stop fired and its order went to the matching
///   engine, whose fills and end arrive on `/contractMarket/tradeOrders` under the same
///   `orderId`; with `triggerSuccess: false` (legacy) → ``Order/Status/rejected``.
///
/// Order type: ``OrderType/stopLimit`` with a positive `orderPrice`, else ``OrderType/stopMarket``
/// (KuCoin's `stop` up/down and `stopPriceType` TP/MP/IP — trade, mark or index price — do not
/// tell a take-profit from a stop-loss without the position, so no take-profit type is used).
/// `filledSize` is 0: nothing fills before the trigger.
/// Sample `futures/ws/advancedOrders.stopOrder.json`.
enum StopOrderMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var orderID: String?
        var side: Side?
        var size: Int64?
        var orderPrice: Decimal?
        var stopPrice: DecimalComponents?
        var type: JSONString?
        var triggerSuccess: Bool?
        var createdAt: Timestamp?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("orderId") { orderID = try data.string("orderId") }
            else if key.matches("symbol") { symbol = try data.stringBytes("symbol") }
            else if key.matches("side") { side = try data.side("side") }
            else if key.matches("size") { size = try data.int64("size") }
            else if key.matches("orderPrice") { orderPrice = try data.optionalDecimal("orderPrice") }
            else if key.matches("stopPrice") { stopPrice = try data.decimal("stopPrice") }
            else if key.matches("type") { type = try data.stringBytes("type") }
            else if key.matches("triggerSuccess") { triggerSuccess = try data.null("triggerSuccess") ? nil : data.bool("triggerSuccess") }
            else if key.matches("createdAt") { createdAt = try data.null("createdAt") ? nil : data.milliseconds("createdAt") }
            else if key.matches("ts") { time = try data.nanoseconds("ts") }
            else { try data.skip() }
        }

        guard let orderID else { throw .missing("orderId") }
        guard let side else { throw .missing("side") }
        guard let size else { throw .missing("size") }
        guard let stopPrice else { throw .missing("stopPrice") }
        guard let type else { throw .missing("type") }
        guard let time else { throw .missing("ts") }
        guard !orderID.isEmpty else { throw .invalid("orderId", "empty") }
        guard size > 0 else { throw .invalid("size", "not positive") }
        guard stopPrice.isPositive else { throw .invalid("stopPrice", "not positive") }
        if let orderPrice, orderPrice < 0 { throw .invalid("orderPrice", "negative") }
        let name = try topic.resolve(symbol)

        let status = try KuCoinOrderFields.stopStatus(type, triggerSuccess: triggerSuccess)
        let limitPrice = orderPrice.flatMap { $0 > 0 ? $0 : nil }
        let order = Order(
            orderID: orderID, symbol: name, side: side, type: limitPrice == nil ? .stopMarket : .stopLimit,
            status: status, price: limitPrice, size: Decimal(size), stopPrice: stopPrice.decimal,
            createdAt: createdAt, updatedAt: time)
        output.append(.event(symbol: name, exchangeTime: time, payload: .order(OrderUpdate(order: order, timestamp: time))))
    }
}
