import ExchangeKit
import Foundation
import KuCoinCore

/// An order as `GET /api/v1/orders/{orderId}` and the order lists send it: price strings, size integers,
/// `leverage` a string, `stopPrice` null or a number. Sample: reference futures/rest/order-by-id.json.
struct OrderWire: Decodable, Sendable {
    let id: String
    let symbol: String
    let type: String
    let side: String
    let price: WireDecimal?
    let size: WireDecimal
    let dealSize: WireDecimal?
    let filledSize: WireDecimal?
    let avgDealPrice: WireDecimal?
    let stop: String?
    let stopPrice: WireDecimal?
    let timeInForce: String?
    let postOnly: Bool?
    let reduceOnly: Bool?
    let leverage: WireDecimal?
    let clientOid: String?
    let isActive: Bool?
    let cancelExist: Bool?
    let status: String?
    let createdAt: Int64?
    let updatedAt: Int64?

    func order() throws(ExchangeError) -> Order {
        guard let side = Side(rawValue: side) else {
            throw ExchangeError.decoding("order side '\(side)' is neither buy nor sell", input: Array(id.utf8))
        }
        let filled = filledSize?.value ?? dealSize?.value ?? 0
        let isStop = !(stop ?? "").isEmpty
        let orderType = KuCoinOrderFields.orderType(rest: type, isStop: isStop)
        let state: Order.Status
        if isActive == true {
            state = isStop && filled == 0 ? .untriggered : (filled > 0 ? .partiallyFilled : .open)
        } else if filled >= size.value && size.value > 0 {
            state = .filled
        } else {
            state = .canceled
        }
        return Order(orderID: id, clientOrderID: clientOid, symbol: symbol, side: side, type: orderType, status: state,
                     price: (price?.value).flatMap { $0 == 0 && type == "market" ? nil : $0 }, size: size.value, filledSize: filled,
                     averageFillPrice: (avgDealPrice?.value).flatMap { $0 == 0 ? nil : $0 }, stopPrice: stopPrice?.value,
                     timeInForce: timeInForce.flatMap(TimeInForce.init(rawValue:)), reduceOnly: reduceOnly ?? false,
                     postOnly: postOnly ?? false, leverage: leverage?.value,
                     createdAt: createdAt.map { Timestamp(milliseconds: $0) }, updatedAt: updatedAt.map { Timestamp(milliseconds: $0) })
    }
}

/// `POST /api/v1/orders` answer. Sample: reference futures/rest/orders-post.json.
struct OrderAckWire: Decodable, Sendable {
    let orderId: String
    let clientOid: String
}

/// A page of orders. Sample: reference futures/rest/orders-list.json.
struct OrderPageWire: Decodable, Sendable {
    let items: [OrderWire]
}
