import ExchangeKit
import Foundation
import KuCoinSpot
import Testing

/// Every private-topic sample under `Fixtures/ws` decodes to the values written in it, and every
/// order-change type maps to its status.
@Suite struct SpotAccountDecodingTests {
    @Test func openOrderChange() throws {
        let event = try #require(spotEvent(try SpotTest.ws("tradeOrdersV2.open")))
        guard case .order(let update) = event.payload else { Issue.record("not an order: \(event.payload)"); return }
        #expect(event.symbol == "BTC-USDT" && event.time == Timestamp(nanoseconds: 1_730_211_033_335_000_000))
        #expect(update == OrderUpdate(
            order: Order(orderID: "6720ecd9ec71f4000747731a", clientOrderID: "5c52e11203aa677f33e493fb", symbol: "BTC-USDT", side: .buy,
                         type: .limit, status: .open, price: 50000, size: exact("0.00001"), filledSize: 0,
                         createdAt: Timestamp(milliseconds: 1_730_211_033_305), updatedAt: Timestamp(nanoseconds: 1_730_211_033_335_000_000)),
            timestamp: Timestamp(nanoseconds: 1_730_211_033_335_000_000)))
    }

    @Test func receivedOrderChangeUsesTheOriginSize() throws {
        let event = try #require(spotEvent(try SpotTest.ws("tradeOrdersV2.received")))
        guard case .order(let update) = event.payload else { Issue.record("not an order: \(event.payload)"); return }
        #expect(update.order == Order(orderID: "6720da3fa30a360007f5f832", clientOrderID: "5c52e11203aa677f33e493fc", symbol: "BTC-USDT",
                                      side: .buy, type: .market, status: .open, size: exact("0.00001"), filledSize: 0,
                                      createdAt: Timestamp(milliseconds: 1_730_206_271_588),
                                      updatedAt: Timestamp(nanoseconds: 1_730_206_271_616_000_000)))
        #expect(update.fillPrice == nil && update.tradeID == nil)
    }

    static func change(_ type: String, _ status: String, filled: String, remain: String, extra: String = "") -> String {
        #"{"topic":"/spotMarket/tradeOrdersV2","type":"message","subject":"orderChange","channelType":"private","data":{"orderId":"o1","symbol":"ETH-USDT","orderType":"limit","side":"sell","price":"2500","size":"2","filledSize":"\#(filled)","remainSize":"\#(remain)","canceledSize":"0","status":"\#(status)","type":"\#(type)","orderTime":1730211033305,"ts":1730211033335000000\#(extra)}}"#
    }

    @Test("every order-change type maps to its status", arguments: [
        ("open", "open", "0", "2", Order.Status.open), ("update", "open", "0.5", "1.5", .partiallyFilled),
        ("match", "match", "0.5", "1.5", .partiallyFilled), ("match", "match", "2", "0", .filled),
        ("filled", "done", "2", "0", .filled), ("canceled", "done", "0.5", "0", .canceled),
        ("somethingNew", "done", "2", "0", .filled), ("somethingNew", "done", "1", "0", .canceled),
    ])
    func orderChangeTypes(type: String, status: String, filled: String, remain: String, expected: Order.Status) throws {
        let event = try #require(spotEvent(Self.change(type, status, filled: filled, remain: remain)))
        guard case .order(let update) = event.payload else { Issue.record("not an order: \(event.payload)"); return }
        #expect(update.order.status == expected && update.order.filledSize == exact(filled) && update.order.size == 2)
    }

    @Test func matchCarriesTheFill() throws {
        let frame = Self.change("match", "match", filled: "0.5", remain: "1.5",
                                extra: #","matchPrice":"2500","matchSize":"0.5","tradeId":"11116472408358913","liquidity":"maker""#)
        let event = try #require(spotEvent(frame))
        guard case .order(let update) = event.payload else { Issue.record("not an order: \(event.payload)"); return }
        #expect(update.fillPrice == 2500 && update.fillSize == exact("0.5") && update.tradeID == "11116472408358913" && update.liquidity == .maker)
    }

    @Test func accountBalance() throws {
        let event = try #require(spotEvent(try SpotTest.ws("account-balance")))
        guard case .balance(let balance) = event.payload else { Issue.record("not a balance: \(event.payload)"); return }
        #expect(event.symbol == nil && event.time == Timestamp(milliseconds: 1_730_269_283_892))
        #expect(balance == Balance(currency: "USDT", available: exact("20.132773386762"), total: exact("21.133773386762"),
                                   hold: exact("1.001"), timestamp: Timestamp(milliseconds: 1_730_269_283_892)))
    }

    @Test func stopOrderEvent() throws {
        let event = try #require(spotEvent(try SpotTest.ws("advancedOrders.stopOrder")))
        guard case .order(let update) = event.payload else { Issue.record("not an order: \(event.payload)"); return }
        #expect(update.order == Order(orderID: "vs93gpupfa48anof003u85mb", symbol: "BTC-USDT", side: .buy, type: .stopLimit,
                                      status: .untriggered, price: 70000, size: exact("0.00007142"), stopPrice: 71000,
                                      createdAt: Timestamp(milliseconds: 1_742_305_928_064),
                                      updatedAt: Timestamp(nanoseconds: 1_742_305_928_091_268_493)))
        #expect(event.time == Timestamp(nanoseconds: 1_742_305_928_091_268_493))
    }
}
