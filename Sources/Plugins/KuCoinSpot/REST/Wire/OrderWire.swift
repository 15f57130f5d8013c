import ExchangeKit
import Foundation
import KuCoinCore

/// An order as the HF endpoints (`GET /api/v1/hf/orders/{orderId}`, `/active`) and the classic ones
/// (`GET /api/v1/orders/{orderId}`, `/orders`) send it: amounts strings, `active` (HF) or `isActive`
/// (classic), ms times. Samples: reference spot/rest/hf-order-get.json, hf-orders-active.json,
/// order-get.json, orders-list.json.
///
/// Status: active → ``Order/Status/untriggered`` for a stop not yet triggered, else
/// ``Order/Status/partiallyFilled`` once `dealSize` > 0, else ``Order/Status/open``; done →
/// ``Order/Status/canceled`` when KuCoin says a cancel happened (`cancelExist`, a cancelled size or
/// funds) or nothing was dealt, else ``Order/Status/filled``. The average fill price is
/// `dealFunds / dealSize`. A market order by funds has size 0.
struct OrderWire: Decodable, Sendable {
    let id: String
    let clientOid: String?
    let symbol: String
    let type: String
    let side: String
    let price: LenientDecimal?
    let size: LenientDecimal?
    let funds: LenientDecimal?
    let dealSize: LenientDecimal?
    let dealFunds: LenientDecimal?
    let cancelledSize: LenientDecimal?
    let cancelledFunds: LenientDecimal?
    let stop: String?
    let stopTriggered: Bool?
    let stopPrice: LenientDecimal?
    let timeInForce: String?
    let postOnly: Bool?
    let active: Bool?
    let isActive: Bool?
    let cancelExist: Bool?
    let createdAt: Int64?
    let lastUpdatedAt: Int64?

    func order() throws(ExchangeError) -> Order {
        guard let side = Side(rawValue: side) else {
            throw ExchangeError.decoding("order side '\(side)' is neither buy nor sell", input: Array(id.utf8))
        }
        guard let isOpen = active ?? isActive else {
            throw ExchangeError.decoding("order \(id) says neither active nor isActive", input: Array(id.utf8))
        }
        let dealt = dealSize?.value ?? 0
        let isStop = !(stop ?? "").isEmpty
        let orderType = KuCoinOrderFields.orderType(rest: type, isStop: isStop)
        let status: Order.Status
        if isOpen {
            status = isStop && stopTriggered != true ? .untriggered : dealt > 0 ? .partiallyFilled : .open
        } else {
            let wasCancelled = cancelExist == true || (cancelledSize?.value ?? 0) > 0 || (cancelledFunds?.value ?? 0) > 0
            status = wasCancelled || dealt == 0 ? .canceled : .filled
        }
        let average: Decimal? = dealt > 0 ? (dealFunds?.value).map { $0 / dealt } : nil
        return Order(orderID: id, clientOrderID: clientOid.flatMap { $0.isEmpty ? nil : $0 }, symbol: symbol, side: side,
                     type: orderType, status: status, price: (price?.value).flatMap { $0 == 0 ? nil : $0 }, size: size?.value ?? 0,
                     filledSize: dealt, averageFillPrice: average,
                     stopPrice: isStop ? (stopPrice?.value).flatMap { $0 == 0 ? nil : $0 } : nil,
                     timeInForce: timeInForce.flatMap(TimeInForce.init(rawValue:)), postOnly: postOnly ?? false,
                     createdAt: createdAt.map { Timestamp(milliseconds: $0) }, updatedAt: lastUpdatedAt.map { Timestamp(milliseconds: $0) })
    }
}

/// `POST /api/v1/hf/orders` (and `/test`) answer `{orderId, clientOid}`; the classic `POST /api/v1/orders`
/// answers `{orderId}`. Samples: reference spot/rest/hf-orders-post.json, orders-post.json.
struct OrderAckWire: Decodable, Sendable {
    let orderId: String
    let clientOid: String?
}

/// A page of classic orders. Sample: reference spot/rest/orders-list.json.
struct OrderPageWire: Decodable, Sendable {
    let items: [OrderWire]
}
