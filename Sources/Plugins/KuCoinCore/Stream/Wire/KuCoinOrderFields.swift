import ExchangeKit
import Foundation

/// The order-event rules Spot's and Futures' private feeds share: the order type, the fill of a
/// `match` event, and a stop order's status.
package enum KuCoinOrderFields {
    /// `orderType` (`limit`, `market`) when sent; without it (some events leave it out) an order
    /// with a positive price is a limit order and one without a market order.
    /// - Throws: ``WireError`` for another order type.
    package static func orderType(_ orderType: JSONString?, price: Decimal?) throws(WireError) -> OrderType {
        guard let orderType else { return (price ?? 0) > 0 ? .limit : .market }
        if orderType.matches("limit") { return .limit }
        if orderType.matches("market") { return .market }
        throw .invalid("orderType", "unknown order type \"\(orderType)\"")
    }

    /// The order update of an event: the fill fields are kept only on `match` events (KuCoin also
    /// sends `liquidity` on others, where it describes no fill), and checked there.
    /// - Throws: ``WireError`` for an unknown liquidity or a fill price or size that is not positive.
    package static func update(
        _ order: Order, isMatch: Bool, matchPrice: Decimal?, matchSize: Decimal?, tradeID: String?, liquidity: JSONString?, time: Timestamp
    ) throws(WireError) -> OrderUpdate {
        guard isMatch else { return OrderUpdate(order: order, timestamp: time) }
        var fillLiquidity: Liquidity?
        if let liquidity {
            guard let value = Liquidity(rawValue: liquidity.string) else {
                throw .invalid("liquidity", "\"\(liquidity)\" is neither \"maker\" nor \"taker\"")
            }
            fillLiquidity = value
        }
        if let matchPrice, matchPrice <= 0 { throw .invalid("matchPrice", "not positive") }
        if let matchSize, matchSize <= 0 { throw .invalid("matchSize", "not positive") }
        return OrderUpdate(order: order, fillPrice: matchPrice, fillSize: matchSize, tradeID: tradeID, liquidity: fillLiquidity, timestamp: time)
    }

    /// A stop-order event's status: `open` → untriggered, `cancel` → canceled, `triggered` → open
    /// (the order went to matching), or rejected when the trigger failed (`triggerSuccess: false`).
    /// - Throws: ``WireError`` for another type.
    package static func stopStatus(_ type: JSONString, triggerSuccess: Bool? = nil) throws(WireError) -> Order.Status {
        if type.matches("open") { return .untriggered }
        if type.matches("cancel") { return .canceled }
        if type.matches("triggered") { return triggerSuccess == false ? .rejected : .open }
        throw .invalid("type", "unknown type \"\(type)\"")
    }

    /// The order type of a REST order object: `type` limit/market, a stop when `stop` is set.
    package static func orderType(rest type: String, isStop: Bool) -> OrderType {
        switch (type, isStop) {
        case ("market", false): .market
        case ("market", true): .stopMarket
        case (_, true): .stopLimit
        default: .limit
        }
    }
}
