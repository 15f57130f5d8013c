import ExchangeKit
import Foundation
import KuCoinCore

// The classic (pre-HF) order and fill endpoints, which KuCoin deprecated in favour of the HF ones.
// Kept for accounts and orders that still live there: a classic order is not visible to the HF calls.

extension KuCoinSpot {
    /// Places an order on the classic endpoint (`POST /api/v1/orders`); same body rules as ``placeOrder(_:validateOnly:)``.
    @available(*, deprecated, message: "KuCoin deprecated the classic order endpoints; use placeOrder(_:validateOnly:) (HF)")
    @discardableResult
    public func placeClassicOrder(_ order: OrderRequest) async throws -> OrderAck {
        let clientOrderID = order.clientOrderID ?? KuCoinClientOrderID.generate()
        let body = try Self.orderBody(order, clientOrderID: clientOrderID, venue: id)
        let ack = try await rest.kucoinData(RestRequest(.POST, "/api/v1/orders", body: body,
                                                        endpoint: KuCoinEndpoint.signed("placeClassicOrder", pool: KuCoinPool.spot, weight: 2,
                                                                                        idempotency: .nonIdempotent),
                                                        clientOrderID: clientOrderID), as: OrderAckWire.self)
        return OrderAck(orderID: ack.orderId, clientOrderID: clientOrderID)
    }

    /// Cancels a classic order by id (`DELETE /api/v1/orders/{orderId}`); returns the cancelled ids.
    @available(*, deprecated, message: "KuCoin deprecated the classic order endpoints; use cancelOrder(id:symbol:) (HF)")
    @discardableResult
    public func cancelClassicOrder(id orderID: String) async throws -> [String] {
        try await rest.kucoinData(RestRequest(.DELETE, "/api/v1/orders/\(try KuCoinPath.component(orderID))",
                                              endpoint: KuCoinEndpoint.signed("cancelClassicOrder", pool: KuCoinPool.spot, weight: 3)),
                                  as: KuCoinCancelledWire.self).ids
    }

    /// One classic order by id (`GET /api/v1/orders/{orderId}`).
    @available(*, deprecated, message: "KuCoin deprecated the classic order endpoints; use order(id:symbol:) (HF)")
    public func classicOrder(id orderID: String) async throws -> Order {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/orders/\(try KuCoinPath.component(orderID))",
                                              endpoint: KuCoinEndpoint.signed("classicOrder", pool: KuCoinPool.spot, weight: 2)),
                                  as: OrderWire.self).order()
    }

    /// Classic orders, active or done (`GET /api/v1/orders?status=`), first page of up to 500.
    @available(*, deprecated, message: "KuCoin deprecated the classic order endpoints; use openOrders(symbol:) (HF)")
    public func classicOrders(active: Bool, symbol: String? = nil) async throws -> [Order] {
        var query = [QueryItem("status", active ? "active" : "done")]
        if let symbol { query.append(QueryItem("symbol", symbol)) }
        query.append(QueryItem("pageSize", "500"))
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/orders", query: query,
                                                     endpoint: KuCoinEndpoint.signed("classicOrders", pool: KuCoinPool.spot, weight: 2)),
                                         as: OrderPageWire.self).items.map { try $0.order() }
    }

    /// Classic fills (`GET /api/v1/fills`), optionally of a symbol or an order, first page of up to 500.
    @available(*, deprecated, message: "KuCoin deprecated the classic fill endpoint; use fills(symbol:orderID:limit:before:) (HF)")
    public func classicFills(symbol: String? = nil, orderID: String? = nil) async throws -> [Fill] {
        var query: [QueryItem] = []
        if let orderID { query.append(QueryItem("orderId", orderID)) }
        if let symbol { query.append(QueryItem("symbol", symbol)) }
        query.append(QueryItem("pageSize", "500"))
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/fills", query: query,
                                                     endpoint: KuCoinEndpoint.signed("classicFills", pool: KuCoinPool.spot, weight: 10)),
                                         as: FillPageWire.self).items.map { try $0.fill() }
    }
}
