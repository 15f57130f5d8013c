import ExchangeKit
import Foundation

extension BinanceStub {
    /// Places an order (`POST /fapi/v1/order`, or `/fapi/v1/order/test` to only validate it).
    ///
    /// Stop and take-profit orders go to the algo-order endpoint (``placeConditionalOrder(_:)``):
    /// since 2025-12-09 `/fapi/v1/order` refuses them with `-4120`. Leverage is a per-symbol
    /// setting on Binance (``setLeverage(_:symbol:)``); an order's `leverage` is not sent.
    /// - Throws: ``ExchangeError``; `.outcomeUnknown` with the client order id when the placement may or may not have happened.
    public func placeOrder(_ order: OrderRequest, validateOnly: Bool = false) async throws -> OrderAck {
        if Self.isConditional(order) {
            guard !validateOnly else { throw ExchangeError.unsupported("validating conditional orders", venue: id) }
            return try await placeConditionalOrder(order)
        }
        let clientOrderID = order.clientOrderID ?? Self.newClientOrderID()
        var query = [QueryItem("symbol", order.symbol), QueryItem("side", BinanceVocabulary.wire(order.side)),
                     QueryItem("type", BinanceVocabulary.wire(order.type))]
        if order.type == .limit {
            guard let price = order.price else { throw ExchangeError.invalidRequest("a limit order needs a price", venue: id) }
            let timeInForce = order.postOnly ? TimeInForce.postOnly : (order.timeInForce ?? .goodTillCanceled)
            query.append(QueryItem("timeInForce", timeInForce.rawValue))
            query.append(QueryItem("price", DecimalText.string(price)))
        }
        guard !order.closeOrder else {
            throw ExchangeError.invalidRequest("Binance closes a position with a reduce-only order of its size, or a conditional closePosition order", venue: id)
        }
        query.append(QueryItem("quantity", DecimalText.string(order.size)))
        if order.reduceOnly { query.append(QueryItem("reduceOnly", "true")) }
        query.append(QueryItem("newClientOrderId", clientOrderID))
        let path = validateOnly ? "/fapi/v1/order/test" : "/fapi/v1/order"
        let response = try await rest.send(RestRequest(.POST, path, query: query, endpoint: BinanceEndpoint.placement(validateOnly ? "testOrder" : "placeOrder"),
                                                       clientOrderID: clientOrderID))
        if validateOnly { return OrderAck(orderID: "", clientOrderID: clientOrderID) }
        let placed = try response.decode(OrderWire.self, venue: id)
        return OrderAck(orderID: String(placed.orderId), clientOrderID: placed.clientOrderId ?? clientOrderID)
    }

    /// Places a stop or take-profit order (`POST /fapi/v1/algoOrder`, `algoType=CONDITIONAL`).
    ///
    /// The type comes from the request's type, or for a plain market/limit order with a stop
    /// direction from the side and direction: buying above or selling below the trigger is a stop,
    /// the other way a take-profit. The trigger price follows `stopPriceType` (mark or contract price).
    /// - Throws: ``ExchangeError``; `.invalidRequest` without a stop price.
    public func placeConditionalOrder(_ order: OrderRequest) async throws -> OrderAck {
        guard let trigger = order.stopPrice else { throw ExchangeError.invalidRequest("a conditional order needs a stop price", venue: id) }
        let clientOrderID = order.clientOrderID ?? Self.newClientOrderID()
        let type: OrderType
        switch order.type {
        case .market, .limit:
            let isStop = (order.side == .buy) == (order.stop != .down)
            type = order.type == .market ? (isStop ? .stopMarket : .takeProfitMarket) : (isStop ? .stopLimit : .takeProfitLimit)
        default:
            type = order.type
        }
        var query = [QueryItem("algoType", "CONDITIONAL"), QueryItem("symbol", order.symbol), QueryItem("side", BinanceVocabulary.wire(order.side)),
                     QueryItem("type", BinanceVocabulary.wire(type)), QueryItem("triggerPrice", DecimalText.string(trigger))]
        if type == .stopLimit || type == .takeProfitLimit {
            guard let price = order.price else { throw ExchangeError.invalidRequest("a stop-limit order needs a price", venue: id) }
            query.append(QueryItem("timeInForce", (order.timeInForce ?? .goodTillCanceled).rawValue))
            query.append(QueryItem("price", DecimalText.string(price)))
        }
        if order.closeOrder {
            query.append(QueryItem("closePosition", "true"))
        } else {
            query.append(QueryItem("quantity", DecimalText.string(order.size)))
            if order.reduceOnly { query.append(QueryItem("reduceOnly", "true")) }
        }
        query.append(QueryItem("workingType", order.stopPriceType == .mark ? "MARK_PRICE" : "CONTRACT_PRICE"))
        query.append(QueryItem("clientAlgoId", clientOrderID))
        let placed = try await rest.send(RestRequest(.POST, "/fapi/v1/algoOrder", query: query, endpoint: BinanceEndpoint.placement("placeAlgoOrder"),
                                                     clientOrderID: clientOrderID), as: AlgoOrderWire.self)
        return OrderAck(orderID: String(placed.algoId), clientOrderID: placed.clientAlgoId ?? clientOrderID)
    }

    /// Cancels a conditional order (`DELETE /fapi/v1/algoOrder`).
    public func cancelConditionalOrder(algoID: String) async throws {
        _ = try await rest.send(RestRequest(.DELETE, "/fapi/v1/algoOrder", query: [QueryItem("algoId", algoID)],
                                            endpoint: BinanceEndpoint.signed("cancelAlgoOrder", weight: 1)))
    }

    /// Cancels one order by id (`DELETE /fapi/v1/order`); Binance needs the symbol.
    public func cancelOrder(id orderID: String, symbol: String?) async throws -> [String] {
        guard let symbol else { throw ExchangeError.invalidRequest("Binance cancels an order by id and symbol; give the symbol", venue: id) }
        return [try await orderCall(.DELETE, "cancelOrder", symbol: symbol, key: "orderId", value: orderID).orderID]
    }

    /// Cancels one order by client order id (`DELETE /fapi/v1/order?origClientOrderId=`).
    public func cancelOrder(clientOrderID: String, symbol: String) async throws -> [String] {
        [try await orderCall(.DELETE, "cancelOrder", symbol: symbol, key: "origClientOrderId", value: clientOrderID).orderID]
    }

    /// Cancels every open order of a symbol (`DELETE /fapi/v1/allOpenOrders`).
    ///
    /// Binance answers only `{"code":200,…}`, not the ids, so the open orders are read first
    /// and their ids returned: an order placed between the two calls is cancelled but not listed.
    public func cancelAllOrders(symbol: String) async throws -> [String] {
        let open = try await openOrders(symbol: symbol).map(\.orderID)
        _ = try await rest.send(RestRequest(.DELETE, "/fapi/v1/allOpenOrders", query: [QueryItem("symbol", symbol)],
                                            endpoint: BinanceEndpoint.signed("cancelAllOrders", weight: 1)))
        return open
    }

    /// One order by id (`GET /fapi/v1/order`); Binance needs the symbol.
    public func order(id orderID: String, symbol: String?) async throws -> Order {
        guard let symbol else { throw ExchangeError.invalidRequest("Binance finds an order by id and symbol; give the symbol", venue: id) }
        return try await orderCall(.GET, "order", symbol: symbol, key: "orderId", value: orderID)
    }

    /// One order by client order id (`GET /fapi/v1/order?origClientOrderId=`), to settle an `outcomeUnknown`.
    public func order(clientOrderID: String, symbol: String) async throws -> Order {
        try await orderCall(.GET, "order", symbol: symbol, key: "origClientOrderId", value: clientOrderID)
    }

    /// Open orders of one symbol or all (`GET /fapi/v1/openOrders`).
    public func openOrders(symbol: String?) async throws -> [Order] {
        let wires = try await rest.send(RestRequest(.GET, "/fapi/v1/openOrders", query: symbol.map { [QueryItem("symbol", $0)] } ?? [],
                                                    endpoint: BinanceEndpoint.signed("openOrders", weight: symbol == nil ? 40 : 1)), as: [OrderWire].self)
        return try wires.map { wire throws(ExchangeError) in try wire.order() }
    }

    /// The account's recent fills of a symbol, newest first (`GET /fapi/v1/userTrades`); Binance needs the symbol.
    public func fills(symbol: String?) async throws -> [Fill] {
        guard let symbol else { throw ExchangeError.invalidRequest("Binance lists fills per symbol; give the symbol", venue: id) }
        let wires = try await rest.send(RestRequest(.GET, "/fapi/v1/userTrades", query: [QueryItem("symbol", symbol)],
                                                    endpoint: BinanceEndpoint.signed("userTrades", weight: 5)), as: [UserTradeWire].self)
        return try wires.reversed().map { wire throws(ExchangeError) in try wire.fill() }
    }

    private func orderCall(_ method: HTTPMethod, _ name: String, symbol: String, key: String, value: String) async throws -> Order {
        try await rest.send(RestRequest(method, "/fapi/v1/order", query: [QueryItem("symbol", symbol), QueryItem(key, value)],
                                        endpoint: BinanceEndpoint.signed(name, weight: 1)), as: OrderWire.self).order()
    }

    /// Whether an order must go to the algo-order endpoint.
    static func isConditional(_ order: OrderRequest) -> Bool {
        order.stop != nil || ![OrderType.market, .limit].contains(order.type)
    }

    /// A client order id matching Binance's `^[\.A-Z\:/a-z0-9_-]{1,36}$`.
    static func newClientOrderID() -> String {
        "ek" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
