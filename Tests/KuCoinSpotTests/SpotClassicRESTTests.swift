import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinSpot
import Testing

/// The classic endpoints as a protocol: the tests call the deprecated methods through it, which
/// exercises them without a deprecation warning at every call.
protocol ClassicSpotCalls {
    func placeClassicOrder(_ order: OrderRequest) async throws -> OrderAck
    func cancelClassicOrder(id orderID: String) async throws -> [String]
    func classicOrder(id orderID: String) async throws -> Order
    func classicOrders(active: Bool, symbol: String?) async throws -> [Order]
    func classicFills(symbol: String?, orderID: String?) async throws -> [Fill]
}

extension KuCoinSpot: ClassicSpotCalls {}

@Suite("KuCoin Spot's deprecated classic order and fill endpoints")
struct SpotClassicRESTTests {
    @Test("place, cancel, get, list and fills on the classic paths, signed, decoded to the samples' values")
    func classic() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("orders-post")), method: "POST", path: "/api/v1/orders")
            server.setFallback(.json(try SpotTest.rest("order-delete")), method: "DELETE", path: "/api/v1/orders/674a97dfef434f0007efc431")
            server.setFallback(.json(try SpotTest.rest("order-get")), method: "GET", path: "/api/v1/orders/674a97dfef434f0007efc431")
            server.setFallback(.json(try SpotTest.rest("orders-list")), method: "GET", path: "/api/v1/orders")
            server.setFallback(.json(try SpotTest.rest("fills")), method: "GET", path: "/api/v1/fills")
            let spot: any ClassicSpotCalls = try SpotTest.spot(server)

            var order = OrderRequest.limit(.buy, "BTC-USDT", size: "0.00001", price: "50000", clientOrderID: "5c52e11203aa677f33e493fb")
            order.timeInForce = nil
            order.remark = "order remarks"
            let ack = try await spot.placeClassicOrder(order)
            #expect(ack == OrderAck(orderID: "674a8635b38d120007709c0f", clientOrderID: "5c52e11203aa677f33e493fb"))
            let reference = try JSONSerialization.jsonObject(with: Data(try SpotTest.rest("orders-post.request").utf8)) as! [String: Any]
            let sent = try JSONSerialization.jsonObject(with: Data(server.requests[0].body)) as! [String: Any]
            #expect(NSDictionary(dictionary: sent).isEqual(to: reference), "sent \(sent)")

            #expect(try await spot.cancelClassicOrder(id: "674a97dfef434f0007efc431") == ["674a97dfef434f0007efc431"])
            let one = try await spot.classicOrder(id: "674a97dfef434f0007efc431")
            #expect(one == Order(orderID: "674a97dfef434f0007efc431", clientOrderID: "3d07008668054da6b3cb12e432c2b13a", symbol: "BTC-USDT",
                                 side: .buy, type: .limit, status: .canceled, price: 50000, size: exact("0.0001"), filledSize: 0,
                                 timeInForce: .goodTillCanceled, createdAt: Timestamp(milliseconds: 1_732_941_791_518)))
            let list = try await spot.classicOrders(active: false, symbol: "BTC-USDT")
            #expect(list.map(\.orderID) == ["674a9a872033a50007e2790d"] && list[0].status == .canceled && list[0].clientOrderID == "5c52e11203aa677f33e4923fb")
            let fills = try await spot.classicFills(symbol: "DOGE-USDT", orderID: nil)
            #expect(fills == [Fill(tradeID: "10862827223795713", orderID: "6745698ef4f1200007c561a8", symbol: "DOGE-USDT", side: .buy,
                                   price: exact("0.40739"), size: 10, fee: exact("0.0040739"), feeCurrency: "USDT", liquidity: .taker,
                                   timestamp: Timestamp(milliseconds: 1_732_602_254_928))])
            #expect(server.requests.map { "\($0.method) \($0.uri)" } == [
                "POST /api/v1/orders", "DELETE /api/v1/orders/674a97dfef434f0007efc431", "GET /api/v1/orders/674a97dfef434f0007efc431",
                "GET /api/v1/orders?status=done&symbol=BTC-USDT&pageSize=500", "GET /api/v1/fills?symbol=DOGE-USDT&pageSize=500",
            ])
            #expect(server.requests.allSatisfy(SpotTest.isSigned))
        }
    }
}
