import ExchangeKit
import Foundation
import KuCoinCore

/// `/spotMarket/advancedOrders`, subject `stopOrder`: the life of a stop order until it triggers (PROTOCOL.md §10).
///
/// ```
/// {"orderId":"vs93gpupfa48anof003u85mb","orderPrice":"70000","orderType":"stop","side":"buy","size":"0.00007142",
///  "stop":"loss","stopPrice":"71000","symbol":"BTC-USDT","tradeType":"TRADE","type":"open","createdAt":1742305928064,
///  "ts":1742305928091268493}
/// ```
/// Required: `orderId`, `symbol`, `side`, `stopPrice` (> 0), `type`, `ts` (ns), and `size` (base
/// currency, > 0) unless the stop is sized by `funds` (then size 0). Optional: `orderPrice`
/// (`""` = none), `createdAt` (ms).
///
/// Status from `type`: `open` → ``Order/Status/untriggered``; `cancel` → ``Order/Status/canceled``;
/// `triggered` → ``Order/Status/open`` (the order went to matching; its fills arrive on the orders
/// channel). Order type: ``OrderType/stopLimit`` with a positive `orderPrice`, else ``OrderType/stopMarket``.
/// Sample `spot/ws/advancedOrders.stopOrder.json`.
enum StopOrderMessage {
    static func message(_ data: inout JSONReader, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: String?
        var orderID: String?
        var side: Side?
        var size: DecimalComponents?
        var hasFunds = false
        var orderPrice: Decimal?
        var stopPrice: DecimalComponents?
        var type: JSONString?
        var createdAt: Timestamp?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("orderId") { orderID = try data.string("orderId") }
            else if key.matches("symbol") { symbol = try data.string("symbol") }
            else if key.matches("side") { side = try data.side("side") }
            else if key.matches("size") { size = try data.decimal("size") }
            else if key.matches("funds") { hasFunds = try data.optionalDecimal("funds") != nil }
            else if key.matches("orderPrice") { orderPrice = try data.optionalDecimal("orderPrice") }
            else if key.matches("stopPrice") { stopPrice = try data.decimal("stopPrice") }
            else if key.matches("type") { type = try data.stringBytes("type") }
            else if key.matches("createdAt") { createdAt = try data.null("createdAt") ? nil : data.milliseconds("createdAt") }
            else if key.matches("ts") { time = try data.nanoseconds("ts") }
            else { try data.skip() }
        }

        guard let orderID, !orderID.isEmpty else { throw .missing("orderId") }
        guard let symbol, !symbol.isEmpty else { throw .missing("symbol") }
        guard let side else { throw .missing("side") }
        guard let stopPrice else { throw .missing("stopPrice") }
        guard let type else { throw .missing("type") }
        guard let time else { throw .missing("ts") }
        guard size != nil || hasFunds else { throw .missing("size") }
        if let size { guard size.isPositive else { throw .invalid("size", "not positive") } }
        guard stopPrice.isPositive else { throw .invalid("stopPrice", "not positive") }
        if let orderPrice, orderPrice < 0 { throw .invalid("orderPrice", "negative") }

        let status = try KuCoinOrderFields.stopStatus(type)
        let limitPrice = orderPrice.flatMap { $0 > 0 ? $0 : nil }
        let order = Order(
            orderID: orderID, symbol: symbol, side: side, type: limitPrice == nil ? .stopMarket : .stopLimit,
            status: status, price: limitPrice, size: size?.decimal ?? 0, stopPrice: stopPrice.decimal,
            createdAt: createdAt, updatedAt: time)
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .order(OrderUpdate(order: order, timestamp: time))))
    }
}
