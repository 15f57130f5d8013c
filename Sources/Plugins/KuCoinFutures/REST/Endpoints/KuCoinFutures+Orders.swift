import ExchangeKit
import Foundation
import KuCoinCore

extension KuCoinFutures {
    /// Places an order (`POST /api/v1/orders`, or the test endpoint `/api/v1/orders/test` when `validateOnly`).
    ///
    /// A client order id is generated when the request has none. The placement is never resent:
    /// a timeout, reset or 5xx is ``ExchangeError/Code/outcomeUnknown`` carrying that id, and
    /// ``order(clientOrderID:)`` tells what happened.
    /// - Throws: ``ExchangeError``; `.invalidRequest` for sizes or prices off the request's rules before anything is sent.
    @discardableResult
    public func placeOrder(_ order: OrderRequest, validateOnly: Bool = false) async throws -> OrderAck {
        let clientOrderID = order.clientOrderID ?? KuCoinClientOrderID.generate()
        let body = try Self.orderBody(order, clientOrderID: clientOrderID, venue: id)
        let request = RestRequest(.POST, validateOnly ? "/api/v1/orders/test" : "/api/v1/orders", body: body,
                                  endpoint: KuCoinEndpoint.signed(validateOnly ? "validateOrder" : "placeOrder", pool: KuCoinPool.futures, weight: 2,
                                                                 idempotency: validateOnly ? .idempotent : .nonIdempotent),
                                  clientOrderID: clientOrderID)
        let ack = try await rest.kucoinData(request, as: OrderAckWire.self)
        return OrderAck(orderID: ack.orderId, clientOrderID: ack.clientOid.isEmpty ? clientOrderID : ack.clientOid)
    }

    /// Cancels an order or untriggered stop order by id (`DELETE /api/v1/orders/{orderId}`); returns the cancelled ids.
    @discardableResult
    public func cancelOrder(id orderID: String) async throws -> [String] {
        try await rest.kucoinData(RestRequest(.DELETE, "/api/v1/orders/\(try KuCoinPath.component(orderID))",
                                              endpoint: KuCoinEndpoint.signed("cancelOrder", pool: KuCoinPool.futures, weight: 1)), as: KuCoinCancelledWire.self).ids
    }

    /// Cancels an order by client order id (`DELETE /api/v1/orders/client-order/{clientOid}?symbol=`).
    @discardableResult
    public func cancelOrder(clientOrderID: String, symbol: String) async throws -> [String] {
        try await rest.kucoinData(RestRequest(.DELETE, "/api/v1/orders/client-order/\(try KuCoinPath.component(clientOrderID))",
                                              query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("cancelOrderByClientID", pool: KuCoinPool.futures, weight: 1)), as: KuCoinCancelledWire.self).ids
    }

    /// Cancels every open order of a symbol (`DELETE /api/v3/orders?symbol=`); stop orders stay.
    @discardableResult
    public func cancelAllOrders(symbol: String) async throws -> [String] {
        try await rest.kucoinData(RestRequest(.DELETE, "/api/v3/orders", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("cancelAllOrders", pool: KuCoinPool.futures, weight: 10)), as: KuCoinCancelledWire.self).ids
    }

    /// One order by id (`GET /api/v1/orders/{orderId}`).
    public func order(id orderID: String) async throws -> Order {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/orders/\(try KuCoinPath.component(orderID))",
                                              endpoint: KuCoinEndpoint.signed("order", pool: KuCoinPool.futures, weight: 5)), as: OrderWire.self).order()
    }

    /// One order by client order id (`GET /api/v1/orders/byClientOid?clientOid=`): how to settle an `outcomeUnknown`.
    public func order(clientOrderID: String) async throws -> Order {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/orders/byClientOid", query: [QueryItem("clientOid", clientOrderID)],
                                              endpoint: KuCoinEndpoint.signed("orderByClientID", pool: KuCoinPool.futures, weight: 5)), as: OrderWire.self).order()
    }

    /// Open orders, optionally of one symbol (`GET /api/v1/orders?status=active`), first page of up to 1000.
    public func openOrders(symbol: String? = nil) async throws -> [Order] {
        var query = [QueryItem("status", "active"), QueryItem("pageSize", "1000")]
        if let symbol { query.append(QueryItem("symbol", symbol)) }
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/orders", query: query, endpoint: KuCoinEndpoint.signed("openOrders", pool: KuCoinPool.futures, weight: 2)),
                                         as: OrderPageWire.self).items.map { try $0.order() }
    }

    /// The exact JSON body for an order; checked before anything is sent.
    static func orderBody(_ order: OrderRequest, clientOrderID: String, venue: VenueID) throws(ExchangeError) -> [UInt8] {
        func fail(_ message: String) -> ExchangeError { ExchangeError.invalidRequest(message, venue: venue) }
        try KuCoinClientOrderID.validate(clientOrderID, venue: venue)
        guard order.closeOrder || (order.size > 0 && order.size.isWholeNumber) else {
            throw fail("KuCoin Futures sizes are whole lots; \(order.size) is not")
        }
        // Closing the whole position needs no side or size: KuCoin takes them from the position.
        var fields: [(String, String)] = [("clientOid", KuCoinJSONText.quoted(clientOrderID))]
        if !order.closeOrder { fields.append(("side", KuCoinJSONText.quoted(order.side.rawValue))) }
        fields.append(("symbol", KuCoinJSONText.quoted(order.symbol)))
        switch order.type {
        case .limit, .stopLimit, .takeProfitLimit:
            guard let price = order.price, price > 0 else { throw fail("a limit order needs a positive price") }
            fields.append(("type", KuCoinJSONText.quoted("limit")))
            fields.append(("price", KuCoinJSONText.quoted(price.description)))
        case .market, .stopMarket, .takeProfitMarket:
            fields.append(("type", KuCoinJSONText.quoted("market")))
        }
        if !order.closeOrder { fields.append(("size", order.size.description)) }
        if let leverage = order.leverage { fields.append(("leverage", leverage.description)) }
        if let timeInForce = order.timeInForce {
            guard timeInForce == .goodTillCanceled || timeInForce == .immediateOrCancel || timeInForce == .postOnly else {
                throw fail("KuCoin Futures accepts time in force GTC or IOC (or post-only), not \(timeInForce.rawValue)")
            }
            if timeInForce != .postOnly { fields.append(("timeInForce", KuCoinJSONText.quoted(timeInForce.rawValue))) }
        }
        if order.postOnly || order.timeInForce == .postOnly { fields.append(("postOnly", "true")) }
        if order.hidden { fields.append(("hidden", "true")) }
        if let visible = order.visibleSize {
            fields.append(("iceberg", "true"))
            fields.append(("visibleSize", visible.description))
        }
        if order.reduceOnly { fields.append(("reduceOnly", "true")) }
        if order.closeOrder { fields.append(("closeOrder", "true")) }
        if let mode = order.marginMode { fields.append(("marginMode", KuCoinJSONText.quoted(mode == .cross ? "CROSS" : "ISOLATED"))) }
        if let stp = order.selfTradePrevention {
            let code: String
            switch stp {
            case .cancelNewest: code = "CN"
            case .cancelOldest: code = "CO"
            case .cancelBoth: code = "CB"
            case .decrementAndCancel: throw fail("KuCoin Futures has no decrement-and-cancel self-trade prevention")
            }
            fields.append(("stp", KuCoinJSONText.quoted(code)))
        }
        if let stop = order.stop {
            guard let stopPrice = order.stopPrice, stopPrice > 0 else { throw fail("a stop order needs a positive stop price") }
            fields.append(("stop", KuCoinJSONText.quoted(stop.rawValue)))
            fields.append(("stopPriceType", KuCoinJSONText.quoted((order.stopPriceType ?? .lastTrade).rawValue)))
            fields.append(("stopPrice", KuCoinJSONText.quoted(stopPrice.description)))
        }
        if let remark = order.remark { fields.append(("remark", KuCoinJSONText.quoted(remark))) }
        return KuCoinJSONText.object(fields)
    }
}
