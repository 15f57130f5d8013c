import ExchangeKit
import Foundation
import KuCoinCore

/// `/spotMarket/tradeOrdersV2` (and the V1 `/spotMarket/tradeOrders`), subject `orderChange`: one
/// change of one of the account's orders, any symbol (PROTOCOL.md §10).
///
/// ```
/// {"canceledSize":"0","clientOid":"5c52e11203aa677f33e493fb","filledSize":"0","orderId":"6720ecd9ec71f4000747731a",
///  "orderTime":1730211033305,"orderType":"limit","originSize":"0.00001","price":"50000","remainSize":"0.00001",
///  "side":"buy","size":"0.00001","status":"open","symbol":"BTC-USDT","ts":1730211033335000000,"type":"open"}
/// ```
/// Required: `orderId`, `symbol`, `side`, `type`, `status`, `ts` (ns). Sizes are strings in base
/// currency: `size` (else `originSize`; a market order by funds may have neither, and then has
/// size 0 when `funds`/`originFunds` says so), `filledSize` (0 when absent, as on `received`),
/// `remainSize` (optional). Optional: `orderType`, `price` (`""` = none), `clientOid`,
/// `orderTime` (ms on Spot), and for `match` events `matchPrice`, `matchSize`, `tradeId`, `liquidity`.
///
/// Status, from `type` (then `status` for an unknown type):
/// - `received` (status `new`: accepted, not yet on the book) → ``Order/Status/open``;
/// - `open`, `update` → ``Order/Status/open``, or ``Order/Status/partiallyFilled`` once `filledSize` > 0;
/// - `match` → ``Order/Status/partiallyFilled`` while `remainSize` > 0, else ``Order/Status/filled``
///   (KuCoin then also sends `filled`);
/// - `filled` → ``Order/Status/filled``; `canceled` → ``Order/Status/canceled``;
/// - another type: status `new`/`open`/`match` as for `open`, `done` as filled when `filledSize` ≥ `size` > 0, else canceled.
///
/// Order type: `orderType` (`limit`, `market`) when sent, else limit with a positive `price`.
/// Fill fields are kept only on `match` events.
/// Samples `spot/ws/tradeOrdersV2.received.json`, `spot/ws/tradeOrdersV2.open.json`.
enum OrderChangeMessage {
    static func message(_ data: inout JSONReader, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: String?
        var originSize: DecimalComponents?
        var hasFunds = false
        var orderTime: Timestamp?
        var fields = KuCoinOrderChangeFields()

        try data.object()
        while let key = try data.key() {
            if try fields.read(key, &data) { continue }
            if key.matches("symbol") { symbol = try data.string("symbol") }
            else if key.matches("originSize") { originSize = try data.decimal("originSize") }
            else if key.matches("funds") || key.matches("originFunds") { hasFunds = try data.optionalDecimal("funds") != nil || hasFunds }
            else if key.matches("orderTime") { orderTime = try data.null("orderTime") ? nil : data.milliseconds("orderTime") }
            else { try data.skip() }
        }
        let (orderID, clientOrderID, side, type, status, orderType) = (fields.orderID, fields.clientOrderID, fields.side, fields.type, fields.status, fields.orderType)
        let (price, size, filled, remain, time) = (fields.price, fields.size, fields.filled, fields.remain, fields.time)
        let (matchPrice, matchSize, tradeID, liquidity) = (fields.matchPrice, fields.matchSize, fields.tradeID, fields.liquidity)

        guard let orderID, !orderID.isEmpty else { throw .missing("orderId") }
        guard let symbol, !symbol.isEmpty else { throw .missing("symbol") }
        guard let side else { throw .missing("side") }
        guard let type else { throw .missing("type") }
        guard let status else { throw .missing("status") }
        guard let time else { throw .missing("ts") }
        guard let ordered = size ?? originSize ?? (hasFunds ? DecimalComponents(mantissa: 0, exponent: 0, isNegative: false) : nil) else {
            throw .missing("size")
        }
        let dealt = filled ?? DecimalComponents(mantissa: 0, exponent: 0, isNegative: false)
        guard !ordered.isNegative else { throw .invalid("size", "negative") }
        guard !dealt.isNegative else { throw .invalid("filledSize", "negative") }
        if let remain, remain.isNegative { throw .invalid("remainSize", "negative") }
        if let price, price < 0 { throw .invalid("price", "negative") }

        let sizeValue = ordered.decimal
        let filledValue = dealt.decimal
        let isMatch = type.matches("match")
        let orderStatus: Order.Status
        if type.matches("received") {
            orderStatus = .open
        } else if type.matches("open") || type.matches("update") {
            orderStatus = dealt.isZero ? .open : .partiallyFilled
        } else if isMatch {
            orderStatus = (remain.map { !$0.isZero } ?? (filledValue < sizeValue)) ? .partiallyFilled : .filled
        } else if type.matches("filled") {
            orderStatus = .filled
        } else if type.matches("canceled") {
            orderStatus = .canceled
        } else if status.matches("new") || status.matches("open") || status.matches("match") {
            orderStatus = dealt.isZero ? .open : .partiallyFilled
        } else if status.matches("done") {
            orderStatus = sizeValue > 0 && filledValue >= sizeValue ? .filled : .canceled
        } else {
            throw .invalid("type", "unknown type \"\(type)\" with unknown status \"\(status)\"")
        }

        let kind = try KuCoinOrderFields.orderType(orderType, price: price)

        let order = Order(
            orderID: orderID, clientOrderID: clientOrderID, symbol: symbol, side: side, type: kind, status: orderStatus,
            price: price.flatMap { $0 == 0 ? nil : $0 }, size: sizeValue, filledSize: filledValue, createdAt: orderTime, updatedAt: time)
        let update = try KuCoinOrderFields.update(
            order, isMatch: isMatch, matchPrice: matchPrice, matchSize: matchSize, tradeID: tradeID, liquidity: liquidity, time: time)
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .order(update)))
    }
}
