import ExchangeKit
import Foundation

/// An order object of `POST/GET/DELETE /fapi/v1/order` and `GET /fapi/v1/openOrders`.
///
/// ```json
/// {"clientOrderId":"testOrder","executedQty":"0","orderId":22542179,"avgPrice":"0.00000","origQty":"10","price":"0",
///  "reduceOnly":false,"side":"BUY","status":"NEW","stopPrice":"0","symbol":"BTCUSDT","timeInForce":"GTD","type":"LIMIT",
///  "updateTime":1566818724722, …}
/// ```
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api
struct OrderWire: Decodable {
    let orderId: Int64
    let clientOrderId: String?
    let symbol: String
    let status: String
    let side: String
    let type: String
    let timeInForce: String?
    let price: WireDecimal?
    let avgPrice: WireDecimal?
    let origQty: WireDecimal
    let executedQty: WireDecimal
    let stopPrice: WireDecimal?
    let reduceOnly: Bool?
    let time: Int64?
    let updateTime: Int64?

    /// The normalized order; zero prices (market orders, no stop) become nil.
    func order() throws(ExchangeError) -> Order {
        Order(orderID: String(orderId), clientOrderID: clientOrderId, symbol: symbol, side: try BinanceVocabulary.side(side),
              type: try BinanceVocabulary.orderType(type), status: try BinanceVocabulary.status(status),
              price: BinanceVocabulary.nonZero(price?.value), size: origQty.value, filledSize: executedQty.value,
              averageFillPrice: BinanceVocabulary.nonZero(avgPrice?.value), stopPrice: BinanceVocabulary.nonZero(stopPrice?.value),
              timeInForce: timeInForce.flatMap(TimeInForce.init(rawValue:)), reduceOnly: reduceOnly ?? false,
              postOnly: timeInForce == "GTX", createdAt: time.map { Timestamp(milliseconds: $0) },
              updatedAt: updateTime.map { Timestamp(milliseconds: $0) })
    }
}

/// `POST /fapi/v1/algoOrder`'s answer, the parts an ``OrderAck`` needs.
struct AlgoOrderWire: Decodable {
    let algoId: Int64
    let clientAlgoId: String?
}

/// `GET /fapi/v1/userTrades`: one fill of the account.
struct UserTradeWire: Decodable {
    let id: Int64
    let orderId: Int64
    let symbol: String
    let side: String
    let price: WireDecimal
    let qty: WireDecimal
    let commission: WireDecimal
    let commissionAsset: String?
    let maker: Bool
    let time: Int64

    func fill() throws(ExchangeError) -> Fill {
        Fill(tradeID: String(id), orderID: String(orderId), symbol: symbol, side: try BinanceVocabulary.side(side), price: price.value,
             size: qty.value, fee: commission.value, feeCurrency: commissionAsset, liquidity: maker ? .maker : .taker,
             timestamp: Timestamp(milliseconds: time))
    }
}

/// `POST /fapi/v1/leverage`: `{"leverage":21,"maxNotionalValue":"1000000","symbol":"BTCUSDT"}`.
struct LeverageWire: Decodable {
    let leverage: Int
    let maxNotionalValue: WireDecimal
    let symbol: String
}

/// `POST|PUT /fapi/v1/listenKey`: `{"listenKey":"…"}`.
struct ListenKeyWire: Decodable {
    let listenKey: String
}
