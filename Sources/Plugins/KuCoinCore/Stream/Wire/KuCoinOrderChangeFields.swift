import ExchangeKit
import Foundation

/// The members an order-change event carries alike on Spot (`/spotMarket/tradeOrdersV2`) and
/// Futures (`/contractMarket/tradeOrders`), read key by key; each product reads the rest
/// (`symbol`, `orderTime`, whose unit differs, Spot's `originSize` and `funds`).
package struct KuCoinOrderChangeFields {
    package var orderID: String?
    package var clientOrderID: String?
    package var side: Side?
    package var type: JSONString?
    package var status: JSONString?
    package var orderType: JSONString?
    /// `""` = none.
    package var price: Decimal?
    package var size: DecimalComponents?
    package var filled: DecimalComponents?
    package var remain: DecimalComponents?
    package var matchPrice: Decimal?
    package var matchSize: Decimal?
    package var tradeID: String?
    package var liquidity: JSONString?
    /// `ts`, nanoseconds.
    package var time: Timestamp?

    /// No member read yet.
    package init() {}

    /// Reads the value of `key` when it is one of these members; false, with nothing read, for any other key.
    /// - Throws: ``WireError`` for a value of the wrong type.
    package mutating func read(_ key: JSONKey, _ data: inout JSONReader) throws(WireError) -> Bool {
        if key.matches("orderId") { orderID = try data.string("orderId") }
        else if key.matches("side") { side = try data.side("side") }
        else if key.matches("type") { type = try data.stringBytes("type") }
        else if key.matches("status") { status = try data.stringBytes("status") }
        else if key.matches("orderType") { orderType = try data.null("orderType") ? nil : data.stringBytes("orderType") }
        else if key.matches("price") { price = try data.optionalDecimal("price") }
        else if key.matches("size") { size = try data.decimal("size") }
        else if key.matches("filledSize") { filled = try data.decimal("filledSize") }
        else if key.matches("remainSize") { remain = try data.decimal("remainSize") }
        else if key.matches("matchPrice") { matchPrice = try data.optionalDecimal("matchPrice") }
        else if key.matches("matchSize") { matchSize = try data.optionalDecimal("matchSize") }
        else if key.matches("tradeId") { tradeID = try data.optionalString("tradeId") }
        else if key.matches("liquidity") { liquidity = try data.null("liquidity") ? nil : data.stringBytes("liquidity") }
        else if key.matches("clientOid") { clientOrderID = try data.optionalString("clientOid").flatMap { $0.isEmpty ? nil : $0 } }
        else if key.matches("ts") { time = try data.nanoseconds("ts") }
        else { return false }
        return true
    }
}
