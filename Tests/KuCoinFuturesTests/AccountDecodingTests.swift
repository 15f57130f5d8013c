import ExchangeKit
import Foundation
import Testing

/// Every private-topic sample decodes to the values written in it.
@Suite struct AccountDecodingTests {
    @Test(arguments: ["tradeOrders.symbol.json", "tradeOrders.json"])
    func openOrderBecomesAnOpenOrder(fixture: String) {
        let message = decodeSingle(WSFixture.bytes(fixture))
        guard let (symbol, time, payload) = eventParts(message), case .order(let update) = payload else {
            Issue.record("not an order: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(nanoseconds: 1_731_916_985_789_000_000))
        // No orderType in this event: a positive price makes it a limit order. liquidity is sent
        // on this open event but describes no fill, so it is not kept.
        let order = Order(
            orderID: "247899236673269761", symbol: "XBTUSDTM", side: .buy, type: .limit, status: .open,
            price: exact("91670"), size: 1, filledSize: 0,
            createdAt: Timestamp(nanoseconds: 1_731_916_985_768_138_917), updatedAt: Timestamp(nanoseconds: 1_731_916_985_789_000_000))
        #expect(update == OrderUpdate(order: order, timestamp: Timestamp(nanoseconds: 1_731_916_985_789_000_000)))
    }

    @Test func legacyOrderChangeMatchKeepsItsFill() {
        let message = decodeSingle(WSFixture.bytes("tradeOrders.legacy-docs.json"))
        guard let (symbol, time, payload) = eventParts(message), case .order(let update) = payload else {
            Issue.record("not an order: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDM")
        #expect(time == Timestamp(nanoseconds: 1_545_914_149_935_808_589))
        // type match with remainSize 20001 > 0: partially filled; matchSize and matchPrice are "" (absent).
        let order = Order(
            orderID: "5cdfc138b21023a909e5ad55", clientOrderID: "5ce24c16b210233c36ee321d", symbol: "XBTUSDM", side: .buy,
            type: .limit, status: .partiallyFilled, price: exact("3600"), size: 20000, filledSize: 20000,
            createdAt: Timestamp(nanoseconds: 1_545_914_149_935_808_589), updatedAt: Timestamp(nanoseconds: 1_545_914_149_935_808_589))
        #expect(update == OrderUpdate(
            order: order, fillPrice: nil, fillSize: nil, tradeID: "5ce24c16b210233c36eexxxx", liquidity: .maker,
            timestamp: Timestamp(nanoseconds: 1_545_914_149_935_808_589)))
    }

    /// One order event with the given data fields changed, decoded.
    private func order(_ edit: (inout RawObject) -> Void) -> OrderUpdate? {
        let frame = editingData(WSFixture.text("tradeOrders.symbol.json"), edit)
        guard let (_, _, payload) = eventParts(decodeSingle(frame)), case .order(let update) = payload else {
            Issue.record("not an order: \(frame)")
            return nil
        }
        return update
    }

    @Test func fullMatchIsFilledAndCarriesTheFill() {
        let update = order {
            $0["type"] = #""match""#; $0["status"] = #""done""#; $0["orderType"] = #""limit""#
            $0["filledSize"] = #""1""#; $0["remainSize"] = #""0""#
            $0["matchPrice"] = #""91670""#; $0["matchSize"] = #""1""#; $0["tradeId"] = #""1794175373644""#
        }
        #expect(update?.order.status == .filled)
        #expect(update?.order.filledSize == 1)
        #expect(update?.fillPrice == exact("91670"))
        #expect(update?.fillSize == 1)
        #expect(update?.tradeID == "1794175373644")
        #expect(update?.liquidity == .maker)
    }

    @Test func partialMatchIsPartiallyFilled() {
        let update = order {
            $0["type"] = #""match""#; $0["status"] = #""match""#; $0["size"] = #""3840""#
            $0["filledSize"] = #""1116""#; $0["remainSize"] = #""2724""#; $0["liquidity"] = #""taker""#
            $0["matchPrice"] = #""85739.69""#; $0["matchSize"] = #""1000""#; $0["tradeId"] = #""1740800012709""#
        }
        #expect(update?.order.status == .partiallyFilled)
        #expect(update?.fillPrice == exact("85739.69"))
        #expect(update?.fillSize == 1000)
        #expect(update?.liquidity == .taker)
    }

    @Test func matchWithTheRestCanceledIsCanceled() {
        let update = order {
            $0["type"] = #""match""#; $0["status"] = #""done""#; $0["size"] = #""5""#
            $0["filledSize"] = #""2""#; $0["remainSize"] = #""0""#
        }
        #expect(update?.order.status == .canceled)
    }

    @Test(arguments: [
        ("filled", "done", "1", "0", Order.Status.filled),
        ("canceled", "done", "0", "0", .canceled),
        ("update", "open", "0", "1", .open),
        ("update", "open", "1", "2", .partiallyFilled),
        ("open", "open", "1", "2", .partiallyFilled),
        ("adjusted", "open", "0", "1", .open),
        ("adjusted", "done", "1", "0", .filled),
        ("adjusted", "done", "0", "0", .canceled),
    ])
    func statusFollowsTheEventType(type: String, status: String, filled: String, remain: String, expected: Order.Status) {
        let update = order {
            $0["type"] = "\"\(type)\""; $0["status"] = "\"\(status)\""; $0["size"] = #""1""#
            $0["filledSize"] = "\"\(filled)\""; $0["remainSize"] = "\"\(remain)\""
        }
        #expect(update?.order.status == expected)
        // Fill fields only on match events.
        #expect(update?.fillPrice == nil && update?.liquidity == nil && update?.tradeID == nil)
    }

    @Test func orderTypeAndClientIDAreKept() {
        #expect(order { $0["orderType"] = #""market""#; $0["price"] = #""""# }?.order.type == .market)
        #expect(order { $0["orderType"] = #""market""#; $0["price"] = #""""# }?.order.price == nil)
        #expect(order { $0["price"] = #""0""# }?.order.type == .market)
        #expect(order { $0["clientOid"] = #""my-id-1""# }?.order.clientOrderID == "my-id-1")
        #expect(order { $0["clientOid"] = #""""# }?.order.clientOrderID == nil)
    }

    @Test func allSymbolsTopicTakesTheSymbolFromData() {
        let frame = WSFixture.text("tradeOrders.symbol.json").replacingOccurrences(of: "/contractMarket/tradeOrders:XBTUSDTM", with: "/contractMarket/tradeOrders")
            .replacingOccurrences(of: "symbolOrderChange", with: "orderChange")
        guard let (symbol, _, payload) = eventParts(decodeSingle(frame)), case .order(let update) = payload else {
            Issue.record("not an order")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(update.order.symbol == "XBTUSDTM")
    }

    @Test func stopOrderOpenIsUntriggered() {
        let message = decodeSingle(WSFixture.bytes("advancedOrders.stopOrder.json"))
        guard let (symbol, time, payload) = eventParts(message), case .order(let update) = payload else {
            Issue.record("not an order: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(nanoseconds: 1_730_194_206_843_133_000))
        let order = Order(
            orderID: "240673378116083712", symbol: "XBTUSDTM", side: .buy, type: .stopLimit, status: .untriggered,
            price: exact("0.1"), size: 1, filledSize: 0, stopPrice: exact("1000"),
            createdAt: Timestamp(milliseconds: 1_730_194_206_837), updatedAt: Timestamp(nanoseconds: 1_730_194_206_843_133_000))
        #expect(update == OrderUpdate(order: order, timestamp: Timestamp(nanoseconds: 1_730_194_206_843_133_000)))
    }

    @Test(arguments: [
        (#""cancel""#, "null", Order.Status.canceled),
        (#""triggered""#, "null", .open),
        (#""triggered""#, "true", .open),
        (#""triggered""#, "false", .rejected),
    ])
    func stopOrderStatusFollowsTheEventType(type: String, triggerSuccess: String, expected: Order.Status) {
        let frame = editingData(WSFixture.text("advancedOrders.stopOrder.json")) {
            $0["type"] = type
            $0["triggerSuccess"] = triggerSuccess
        }
        guard let (_, _, payload) = eventParts(decodeSingle(frame)), case .order(let update) = payload else {
            Issue.record("not an order")
            return
        }
        #expect(update.order.status == expected)
    }

    @Test func stopOrderWithoutLimitPriceIsAStopMarket() {
        let frame = editingData(WSFixture.text("advancedOrders.stopOrder.json")) { $0["orderPrice"] = #""""# }
        guard let (_, _, payload) = eventParts(decodeSingle(frame)), case .order(let update) = payload else {
            Issue.record("not an order")
            return
        }
        #expect(update.order.type == .stopMarket)
        #expect(update.order.price == nil)
        #expect(update.order.stopPrice == exact("1000"))
    }

    @Test(arguments: ["position.change.json", "positionAll.change.json"])
    func fullPositionChangeBecomesAPosition(fixture: String) {
        let message = decodeSingle(WSFixture.bytes(fixture))
        guard let (symbol, time, payload) = eventParts(message), case .position(let position) = payload else {
            Issue.record("not a position: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDTM")
        #expect(time == Timestamp(milliseconds: 1_731_924_561_514))
        #expect(position == Position(
            symbol: "XBTUSDTM", size: 1, entryPrice: exact("91694.5"), markPrice: exact("91839.79"),
            unrealizedPnL: exact("0.14529"), realizedPnL: exact("0.07210716"), leverage: exact("4.9685590767"),
            liquidationPrice: exact("73853.0426625"), marginMode: .isolated, settleCurrency: "USDT",
            timestamp: Timestamp(milliseconds: 1_731_924_561_514)))
    }

    @Test func shortCrossPositionOnTheAllSymbolsTopic() {
        var frame = editingData(WSFixture.text("position.change.json")) {
            $0["currentQty"] = "-2"
            $0["marginMode"] = nil
            $0["crossMode"] = "true"
        }
        frame = frame.replacingOccurrences(of: "/contract/position:XBTUSDTM", with: "/contract/positionAll")
        guard let (_, _, payload) = eventParts(decodeSingle(frame)), case .position(let position) = payload else {
            Issue.record("not a position")
            return
        }
        #expect(position.size == -2)
        #expect(position.marginMode == .cross)
        #expect(position.symbol == "XBTUSDTM")
    }

    @Test func markPricePositionChangeBecomesAPatch() {
        let message = decodeSingle(WSFixture.bytes("position.change-markprice.json"))
        guard case .positionPatch(let patch)? = message else {
            Issue.record("not a patch: \(String(describing: message))")
            return
        }
        // realLeverage (10.06) is the effective leverage, not the position's leverage: not patched.
        #expect(patch == PositionPatch(
            symbol: "XBTUSDM", markPrice: exact("7947.83"), unrealizedPnL: exact("-0.00014735"),
            timestamp: Timestamp(milliseconds: 1_558_087_175_068)))
    }

    @Test func positionSettlementBecomesTheSettledFundingRate() {
        let message = decodeSingle(WSFixture.bytes("position.settlement.json"))
        guard let (symbol, time, payload) = eventParts(message), case .fundingRate(let rate) = payload else {
            Issue.record("not a funding rate: \(String(describing: message))")
            return
        }
        #expect(symbol == "XBTUSDM")
        #expect(time == Timestamp(nanoseconds: 1_547_697_294_838_004_923))
        #expect(rate == FundingRate(symbol: "XBTUSDM", rate: exact("-0.002966"), timestamp: Timestamp(milliseconds: 1_551_770_400_000)))
    }

    @Test func riskLimitAdjustmentIsCheckedAndUnhandled() {
        let message = decodeSingle(WSFixture.bytes("position.adjustRiskLimit.json"))
        #expect(unhandledParts(message)?.topic == "/contract/position:ADAUSDTM")
        #expect(unhandledParts(message)?.subject == "position.adjustRiskLimit")
    }

    @Test func walletBalanceChangeBecomesABalance() {
        let message = decodeSingle(WSFixture.bytes("wallet.walletBalance-change.json"))
        guard let (symbol, time, payload) = eventParts(message), case .balance(let balance) = payload else {
            Issue.record("not a balance: \(String(describing: message))")
            return
        }
        #expect(symbol == nil)
        #expect(time == Timestamp(milliseconds: 1_731_916_996_764))
        #expect(balance == Balance(
            currency: "USDT", available: exact("26.144281178"), total: exact("81.072921258"), hold: 0,
            timestamp: Timestamp(milliseconds: 1_731_916_996_764)))
    }

    @Test func legacyAvailableBalanceChangeBecomesABalanceWithoutTotal() {
        let message = decodeSingle(WSFixture.bytes("wallet.availableBalance-change.json"))
        guard let (_, time, payload) = eventParts(message), case .balance(let balance) = payload else {
            Issue.record("not a balance: \(String(describing: message))")
            return
        }
        #expect(time == Timestamp(milliseconds: 1_553_842_862_614))
        #expect(balance == Balance(currency: "USDT", available: 5923, total: nil, hold: 2312, timestamp: Timestamp(milliseconds: 1_553_842_862_614)))
    }

    @Test(arguments: [
        ("wallet.orderMargin-change.json", "/contractAccount/wallet", "orderMargin.change"),
        ("wallet.withdrawHold-change.json", "/contractAccount/wallet", "withdrawHold.change"),
        ("marginMode.json", "/contract/marginMode", "user.config"),
        ("crossLeverage.json", "/contract/crossLeverage", "user.config"),
    ])
    func accountNoticesWithoutAPayloadAreUnhandled(fixture: String, topic: String, subject: String) {
        let message = decodeSingle(WSFixture.bytes(fixture))
        #expect(unhandledParts(message)?.topic == topic)
        #expect(unhandledParts(message)?.subject == subject)
    }
}
