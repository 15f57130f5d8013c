import ExchangeKit
import Foundation
import KuCoinCore

/// `/contractMarket/tradeOrders` and `/contractMarket/tradeOrders:{symbol}`, subjects
/// `orderChange` and `symbolOrderChange` (both accepted on both topics): one change of one of
/// the account's orders (PROTOCOL.md §9).
///
/// ```
/// {"symbol":"XBTUSDTM","side":"buy","canceledSize":"0","orderId":"247899236673269761","liquidity":"maker",
///  "marginMode":"ISOLATED","type":"open","orderTime":1731916985768138917,"size":"1","filledSize":"0",
///  "price":"91670","remainSize":"1","status":"open","ts":1731916985789000000}
/// ```
/// Required: `orderId`, `side`, `type`, `status`, `size`, `filledSize`, `remainSize` (lots,
/// strings or numbers, ≥ 0), `ts` (ns), and `symbol` unless the topic names it. Optional:
/// `orderType`, `price` (`""` = none), `clientOid`, `orderTime` (ns), and for `match` events
/// `matchPrice`, `matchSize` (`""` = none), `tradeId`, `liquidity`.
///
/// Status, from `type` (then `status` for an unknown type):
/// - `open`, `update` → ``Order/Status/open``, or ``Order/Status/partiallyFilled`` once `filledSize` > 0;
/// - `match` → ``Order/Status/partiallyFilled`` while `remainSize` > 0; else
///   ``Order/Status/filled`` when `filledSize` ≥ `size`, ``Order/Status/canceled`` when the rest was canceled;
/// - `filled` → ``Order/Status/filled``; `canceled` → ``Order/Status/canceled``;
/// - another type: `status` `open`/`match` as for `open`, `done` as filled when `filledSize` ≥ `size`, else canceled.
///
/// Order type: `orderType` (`limit`, `market`) when sent; the current feed leaves it out of
/// some events (`open`), so without it an order with a positive `price` is a limit order and
/// one without is a market order. Fill fields are kept only on `match` events (KuCoin also
/// sends `liquidity` on `open` events, where it describes no fill). KuCoin does not report
/// time in force, reduce-only or post-only here: ``Order`` keeps its defaults (nil, false, false).
/// Samples `futures/ws/tradeOrders.symbol.json`, `…tradeOrders.json`, `…tradeOrders.legacy-docs.json`.
enum OrderChangeMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var orderTime: Timestamp?
        var fields = KuCoinOrderChangeFields()

        try data.object()
        while let key = try data.key() {
            if try fields.read(key, &data) { continue }
            if key.matches("symbol") { symbol = try data.stringBytes("symbol") }
            else if key.matches("orderTime") { orderTime = try data.null("orderTime") ? nil : data.nanoseconds("orderTime") }
            else { try data.skip() }
        }
        let (orderID, clientOrderID, side, type, status, orderType) = (fields.orderID, fields.clientOrderID, fields.side, fields.type, fields.status, fields.orderType)
        let (price, size, filled, remain, time) = (fields.price, fields.size, fields.filled, fields.remain, fields.time)
        let (matchPrice, matchSize, tradeID, liquidity) = (fields.matchPrice, fields.matchSize, fields.tradeID, fields.liquidity)

        guard let orderID else { throw .missing("orderId") }
        guard let side else { throw .missing("side") }
        guard let type else { throw .missing("type") }
        guard let status else { throw .missing("status") }
        guard let size else { throw .missing("size") }
        guard let filled else { throw .missing("filledSize") }
        guard let remain else { throw .missing("remainSize") }
        guard let time else { throw .missing("ts") }
        guard !orderID.isEmpty else { throw .invalid("orderId", "empty") }
        guard !size.isNegative else { throw .invalid("size", "negative") }
        guard !filled.isNegative else { throw .invalid("filledSize", "negative") }
        guard !remain.isNegative else { throw .invalid("remainSize", "negative") }
        if let price, price < 0 { throw .invalid("price", "negative") }
        let name = try topic.resolve(symbol)

        let sizeValue = size.decimal
        let filledValue = filled.decimal
        let isFullyFilled = filledValue >= sizeValue
        let orderStatus: Order.Status
        let isMatch = type.matches("match")
        if type.matches("open") || type.matches("update") {
            orderStatus = filled.isZero ? .open : .partiallyFilled
        } else if isMatch {
            orderStatus = !remain.isZero ? .partiallyFilled : isFullyFilled ? .filled : .canceled
        } else if type.matches("filled") {
            orderStatus = .filled
        } else if type.matches("canceled") {
            orderStatus = .canceled
        } else if status.matches("open") || status.matches("match") {
            orderStatus = filled.isZero ? .open : .partiallyFilled
        } else if status.matches("done") {
            orderStatus = isFullyFilled ? .filled : .canceled
        } else {
            throw .invalid("type", "unknown type \"\(type)\" with unknown status \"\(status)\"")
        }

        let kind = try KuCoinOrderFields.orderType(orderType, price: price)

        let order = Order(
            orderID: orderID, clientOrderID: clientOrderID, symbol: name, side: side, type: kind, status: orderStatus,
            price: price, size: sizeValue, filledSize: filledValue, createdAt: orderTime, updatedAt: time)
        let update = try KuCoinOrderFields.update(
            order, isMatch: isMatch, matchPrice: matchPrice, matchSize: matchSize, tradeID: tradeID, liquidity: liquidity, time: time)
        output.append(.event(symbol: name, exchangeTime: time, payload: .order(update)))
    }
}
