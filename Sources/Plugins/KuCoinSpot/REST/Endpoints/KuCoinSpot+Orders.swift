import ExchangeKit
import Foundation
import KuCoinCore

extension KuCoinSpot {
    /// Places an order on the HF endpoint (`POST /api/v1/hf/orders`), or only validates it
    /// (`POST /api/v1/hf/orders/test`: signature and parameters are checked, nothing reaches matching).
    ///
    /// Limit orders take a time in force (GTC, IOC, FOK; ``TimeInForce/postOnly`` or `postOnly`
    /// for maker-only), `hidden`, an iceberg's `visibleSize` and self-trade prevention; market
    /// orders take a size in base currency, or ``OrderRequest/funds`` in quote currency
    /// (``OrderRequest/market(_:_:funds:clientOrderID:)``). A client order id is generated when the
    /// request has none. The placement is never resent: a timeout, reset or 5xx is
    /// ``ExchangeError/Code/outcomeUnknown`` carrying that id, and ``order(clientOrderID:symbol:)``
    /// tells what happened.
    /// - Throws: ``ExchangeError``; `.invalidRequest` before anything is sent for what Spot cannot do
    ///   (stops, reduce-only, leverage, GTT) or a request off its own rules.
    @discardableResult
    public func placeOrder(_ order: OrderRequest, validateOnly: Bool = false) async throws -> OrderAck {
        let clientOrderID = order.clientOrderID ?? KuCoinClientOrderID.generate()
        let body = try Self.orderBody(order, clientOrderID: clientOrderID, venue: id)
        let request = RestRequest(.POST, validateOnly ? "/api/v1/hf/orders/test" : "/api/v1/hf/orders", body: body,
                                  endpoint: KuCoinEndpoint.signed(validateOnly ? "validateOrder" : "placeOrder", pool: KuCoinPool.spot, weight: 1,
                                                                  idempotency: validateOnly ? .idempotent : .nonIdempotent),
                                  clientOrderID: clientOrderID)
        let ack = try await rest.kucoinData(request, as: OrderAckWire.self)
        return OrderAck(orderID: ack.orderId, clientOrderID: (ack.clientOid ?? "").isEmpty ? clientOrderID : ack.clientOid!)
    }

    /// Cancels an order by id (`DELETE /api/v1/hf/orders/{orderId}?symbol=`); returns its id. The cancel
    /// is asynchronous: the order's end arrives on the orders stream or through ``order(id:symbol:)``.
    @discardableResult
    public func cancelOrder(id orderID: String, symbol: String) async throws -> [String] {
        try await rest.kucoinData(RestRequest(.DELETE, "/api/v1/hf/orders/\(try KuCoinPath.component(orderID))", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("cancelOrder", pool: KuCoinPool.spot, weight: 1)),
                                  as: KuCoinCancelledWire.self).ids
    }

    /// Cancels an order by client order id (`DELETE /api/v1/hf/orders/client-order/{clientOid}?symbol=`);
    /// returns the client id KuCoin confirms (the answer names no order id).
    @discardableResult
    public func cancelOrder(clientOrderID: String, symbol: String) async throws -> [String] {
        try await rest.kucoinData(RestRequest(.DELETE, "/api/v1/hf/orders/client-order/\(try KuCoinPath.component(clientOrderID))",
                                              query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("cancelOrderByClientID", pool: KuCoinPool.spot, weight: 1)),
                                  as: KuCoinCancelledWire.self).ids
    }

    /// Cancels every open order of a symbol (`DELETE /api/v1/hf/orders?symbol=`). KuCoin answers
    /// `"success"` without naming the orders, so the result is empty.
    @discardableResult
    public func cancelAllOrders(symbol: String) async throws -> [String] {
        _ = try await rest.kucoinData(RestRequest(.DELETE, "/api/v1/hf/orders", query: [QueryItem("symbol", symbol)],
                                                  endpoint: KuCoinEndpoint.signed("cancelAllOrders", pool: KuCoinPool.spot, weight: 2)),
                                      as: String.self)
        return []
    }

    /// One order by id (`GET /api/v1/hf/orders/{orderId}?symbol=`).
    public func order(id orderID: String, symbol: String) async throws -> Order {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/hf/orders/\(try KuCoinPath.component(orderID))", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("order", pool: KuCoinPool.spot, weight: 2)), as: OrderWire.self).order()
    }

    /// One order by client order id (`GET /api/v1/hf/orders/client-order/{clientOid}?symbol=`): how to settle an `outcomeUnknown`.
    public func order(clientOrderID: String, symbol: String) async throws -> Order {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/hf/orders/client-order/\(try KuCoinPath.component(clientOrderID))",
                                              query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("orderByClientID", pool: KuCoinPool.spot, weight: 2)),
                                  as: OrderWire.self).order()
    }

    /// The open orders of a symbol (`GET /api/v1/hf/orders/active?symbol=`).
    public func openOrders(symbol: String) async throws -> [Order] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/hf/orders/active", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("openOrders", pool: KuCoinPool.spot, weight: 2)),
                                  as: [OrderWire].self).map { try $0.order() }
    }

    /// The fills of a symbol, newest first (`GET /api/v1/hf/fills?symbol=`), optionally of one order;
    /// at most `limit` (≤ 100), older pages through `before` (the last id of the previous page).
    public func fills(symbol: String, orderID: String? = nil, limit: Int = 100, before lastID: Int64? = nil) async throws -> [Fill] {
        var query = [QueryItem("symbol", symbol)]
        if let orderID { query.append(QueryItem("orderId", orderID)) }
        if let lastID { query.append(QueryItem("lastId", String(lastID))) }
        query.append(QueryItem("limit", String(max(1, min(limit, 100)))))
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/hf/fills", query: query,
                                                     endpoint: KuCoinEndpoint.signed("fills", pool: KuCoinPool.spot, weight: 2)),
                                         as: HFFillPageWire.self).items.map { try $0.fill() }
    }

    /// The exact JSON body of an order, HF and classic alike; checked before anything is sent.
    static func orderBody(_ order: OrderRequest, clientOrderID: String, venue: VenueID) throws(ExchangeError) -> [UInt8] {
        func fail(_ message: String) -> ExchangeError { ExchangeError.invalidRequest(message, venue: venue) }
        try KuCoinClientOrderID.validate(clientOrderID, venue: venue)
        guard !order.reduceOnly, !order.closeOrder, order.leverage == nil, order.marginMode == nil else {
            throw fail("KuCoin Spot orders have no reduce-only, close, leverage or margin mode")
        }
        guard order.stop == nil, order.stopPrice == nil else {
            throw fail("KuCoin Spot stop orders go through its stop-order endpoint, not here")
        }
        var fields: [(String, String)] = [("clientOid", KuCoinJSONText.quoted(clientOrderID)),
                                          ("side", KuCoinJSONText.quoted(order.side.rawValue)),
                                          ("symbol", KuCoinJSONText.quoted(order.symbol))]
        switch order.type {
        case .limit:
            guard let price = order.price, price > 0 else { throw fail("a limit order needs a positive price") }
            guard order.size > 0 else { throw fail("a limit order needs a positive size") }
            guard order.funds == nil else { throw fail("only market orders can be sized by funds") }
            fields.append(("type", KuCoinJSONText.quoted("limit")))
            fields.append(("price", KuCoinJSONText.quoted(price.description)))
            fields.append(("size", KuCoinJSONText.quoted(order.size.description)))
            if let timeInForce = order.timeInForce {
                switch timeInForce {
                case .goodTillCanceled, .immediateOrCancel, .fillOrKill:
                    fields.append(("timeInForce", KuCoinJSONText.quoted(timeInForce.rawValue)))
                case .postOnly:
                    fields.append(("timeInForce", KuCoinJSONText.quoted("GTC")))
                case .goodTillDate:
                    throw fail("KuCoin Spot's GTT needs a cancel-after time, which OrderRequest does not carry")
                }
            }
            if order.postOnly || order.timeInForce == .postOnly { fields.append(("postOnly", "true")) }
            if order.hidden { fields.append(("hidden", "true")) }
            if let visible = order.visibleSize {
                guard visible > 0, visible < order.size else { throw fail("an iceberg's visible size must be positive and below its size") }
                fields.append(("iceberg", "true"))
                fields.append(("visibleSize", KuCoinJSONText.quoted(visible.description)))
            }
        case .market:
            fields.append(("type", KuCoinJSONText.quoted("market")))
            switch (order.size > 0, order.funds) {
            case (true, nil):
                fields.append(("size", KuCoinJSONText.quoted(order.size.description)))
            case (false, let funds?) where funds > 0:
                fields.append(("funds", KuCoinJSONText.quoted(funds.description)))
            default:
                throw fail("a market order needs either a positive size or positive funds")
            }
            guard order.price == nil, !order.postOnly, !order.hidden, order.visibleSize == nil else {
                throw fail("a market order has no price, post-only, hidden or iceberg")
            }
        case .stopMarket, .stopLimit, .takeProfitMarket, .takeProfitLimit:
            throw fail("KuCoin Spot stop orders go through its stop-order endpoint, not here")
        }
        if let stp = order.selfTradePrevention {
            let code = switch stp {
            case .decrementAndCancel: "DC"
            case .cancelOldest: "CO"
            case .cancelNewest: "CN"
            case .cancelBoth: "CB"
            }
            fields.append(("stp", KuCoinJSONText.quoted(code)))
        }
        if let remark = order.remark { fields.append(("remark", KuCoinJSONText.quoted(remark))) }
        return KuCoinJSONText.object(fields)
    }
}
