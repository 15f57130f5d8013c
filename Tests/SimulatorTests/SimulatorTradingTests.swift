import ExchangeKit
import Foundation
import KuCoinFutures
@testable import Simulator
import Testing

@Suite("Simulator trading through the KuCoin Futures plugin", .timeLimit(.minutes(1)))
struct SimulatorTradingTests {
    static let multiplier = Decimal(string: "0.001")!
    static let takerRate = Decimal(string: "0.0006")!
    static let makerRate = Decimal(string: "0.0002")!

    @Test("a market order fills against the book; order, fills, position and wallet agree to the last decimal")
    func marketOrder() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            let ack = try await client.placeOrder(.market(.buy, "XBTUSDTM", size: 3, leverage: 5, clientOrderID: "mkt-1"))
            #expect(ack.clientOrderID == "mkt-1")
            let order = try await client.order(id: ack.orderID)
            #expect(order.status == .filled && order.filledSize == 3 && order.size == 3 && order.type == .market)
            let fills = try await client.fills(symbol: "XBTUSDTM", orderID: ack.orderID)
            #expect(fills.map(\.size).reduce(0, +) == 3 && fills.allSatisfy { $0.liquidity == .taker && $0.side == .buy })
            let value = fills.reduce(Decimal(0)) { $0 + $1.price * $1.size * Self.multiplier }
            let fees = fills.reduce(Decimal(0)) { $0 + $1.fee }
            #expect(fees == value * Self.takerRate, "fee = value × taker rate, exactly")
            let position = try await client.position(symbol: "XBTUSDTM")
            #expect(position.size == 3)
            #expect(position.entryPrice == value / (3 * Self.multiplier), "entry = size-weighted average fill price")
            let balance = try await client.balance(currency: "USDT")
            #expect(balance.available == 10_000 - fees - value / 5, "available = wallet − fees − position margin at 5×")

            // Closing the position realises the difference and pays the taker fee again.
            let close = try await client.closePosition(symbol: "XBTUSDTM")
            let closeFills = try await client.fills(symbol: "XBTUSDTM", orderID: close.orderID)
            #expect(closeFills.map(\.size).reduce(0, +) == 3 && closeFills.allSatisfy { $0.side == .sell })
            let flat = try await client.position(symbol: "XBTUSDTM")
            #expect(flat.size == 0)
            let closeValue = closeFills.reduce(Decimal(0)) { $0 + $1.price * $1.size * Self.multiplier }
            let closeFees = closeFills.reduce(Decimal(0)) { $0 + $1.fee }
            let after = try await client.balance(currency: "USDT")
            #expect(after.available == 10_000 - fees - closeFees + (closeValue - value), "wallet = start − fees + realised profit")
        }
    }

    @Test("a limit order far from the market rests, is listed, and cancels by id; a second cancel is refused")
    func restingLimit() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            let ack = try await client.placeOrder(.limit(.buy, "XBTUSDTM", size: 2, price: "50000", leverage: 2, clientOrderID: "rest-1"))
            let open = try await client.openOrders(symbol: "XBTUSDTM")
            #expect(open.map(\.orderID) == [ack.orderID] && open[0].status == .open && open[0].price == 50_000)
            let byClient = try await client.order(clientOrderID: "rest-1")
            #expect(byClient.orderID == ack.orderID)
            let held = try await client.balance(currency: "USDT")
            #expect(held.available == 10_000 - 50_000 * 2 * Self.multiplier / 2, "order margin is held")
            #expect(try await client.cancelOrder(id: ack.orderID) == [ack.orderID])
            #expect(try await client.order(id: ack.orderID).status == .canceled)
            #expect(try await client.openOrders(symbol: "XBTUSDTM").isEmpty)
            let again = await #expect(throws: ExchangeError.self) { try await client.cancelOrder(id: ack.orderID) }
            #expect(again?.venueCode == "100004")
            #expect(try await client.balance(currency: "USDT").available == 10_000)
        }
    }

    @Test("the venue's refusals: duplicate client order id 300018, reduce-only with no position, insufficient balance, off-grid price")
    func refusals() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            _ = try await client.placeOrder(.limit(.buy, "XBTUSDTM", size: 1, price: "50000", clientOrderID: "dup"))
            let duplicate = await #expect(throws: ExchangeError.self) {
                try await client.placeOrder(.limit(.buy, "XBTUSDTM", size: 1, price: "50000", clientOrderID: "dup"))
            }
            #expect(duplicate?.venueCode == "300018")
            let reduce = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.market(.sell, "XBTUSDTM", size: 1, reduceOnly: true)) }
            #expect(reduce?.venueCode == "300009")
            let broke = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.market(.buy, "XBTUSDTM", size: 900_000, leverage: 1)) }
            #expect(broke?.venueCode == "300003")
            let grid = await #expect(throws: ExchangeError.self) { try await client.placeOrder(.limit(.buy, "XBTUSDTM", size: 1, price: "50000.05")) }
            #expect(grid?.venueCode == "400100")
            #expect(try await client.openOrders().count == 1, "nothing refused was placed")
            // validateOnly checks and places nothing.
            _ = try await client.placeOrder(.limit(.buy, "XBTUSDTM", size: 1, price: "50000"), validateOnly: true)
            #expect(try await client.openOrders().count == 1)
        }
    }

    @Test("a resting order at the touch is filled by the market's own sellers, as maker")
    func makerFill() async throws {
        try await withSimulator { _, url in
            let (fill, price) = try await fillAsMaker(try futures(url), "XBTUSDTM") { .limit(.buy, "XBTUSDTM", size: 1, price: ExactDecimal($0), leverage: 2) }
            #expect(fill.price == price && fill.fee == price * Self.multiplier * Self.makerRate)
        }
    }

    @Test("stop orders wait untriggered, trigger when the last trade crosses, and cancel in bulk")
    func stopOrders() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            var far = OrderRequest.market(.buy, "XBTUSDTM", size: 1, leverage: 2)
            far.stop = .up
            far.stopPrice = 999_999
            let waiting = try await client.placeOrder(far)
            let stops = try await client.stopOrders(symbol: "XBTUSDTM")
            #expect(stops.map(\.orderID) == [waiting.orderID] && stops[0].status == .untriggered)

            var near = OrderRequest.market(.buy, "XBTUSDTM", size: 1, leverage: 2)
            near.stop = .down
            near.stopPrice = 999_999   // the last trade is already below: triggers on the next tick
            let triggered = try await client.placeOrder(near)
            var order = try await client.order(id: triggered.orderID)
            for _ in 0..<300 where order.status != .filled {
                try await Task.sleep(for: .milliseconds(20))
                order = try await client.order(id: triggered.orderID)
            }
            #expect(order.status == .filled)
            #expect(try await client.position(symbol: "XBTUSDTM").size == 1)
            #expect(try await client.cancelAllStopOrders(symbol: "XBTUSDTM") == [waiting.orderID])
            #expect(try await client.stopOrders(symbol: "XBTUSDTM").isEmpty)
        }
    }

    @Test("private streams: order, position and balance events agree with REST")
    func privateStreams() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            let stream = client.stream([.orders(), .positions("XBTUSDTM"), .balance()])
            var iterator = stream.makeAsyncIterator()
            var subscribed = 0
            while subscribed < 3, let event = try await iterator.next() {
                if case .subscribed = event.payload { subscribed += 1 }
            }
            let ack = try await client.placeOrder(.market(.sell, "XBTUSDTM", size: 4, leverage: 4))
            var filledEvent: OrderUpdate?
            var position: Position?
            var balance: Balance?
            while filledEvent == nil || position == nil || balance == nil, let event = try await iterator.next() {
                switch event.payload {
                case .order(let update) where update.order.orderID == ack.orderID && update.order.status == .filled: filledEvent = update
                case .position(let update): position = update
                case .balance(let update): balance = update
                default: break
                }
            }
            #expect(filledEvent?.order.filledSize == 4)
            let restPosition = try await client.position(symbol: "XBTUSDTM")
            #expect(position?.size == -4 && restPosition.size == -4 && position?.entryPrice == restPosition.entryPrice)
            let restBalance = try await client.balance(currency: "USDT")
            #expect(balance?.available == restBalance.available, "the wallet event and REST agree to the last decimal")
        }
    }
}

@Suite("Simulator: an order placement that times out", .timeLimit(.minutes(1)))
struct SimulatorOutcomeUnknownTests {
    @Test("a placement whose answer comes too late is outcomeUnknown, never resent, and found by its client order id")
    func outcomeUnknown() async throws {
        try await withSimulator { simulator, url in
            let slow = try KuCoinFutures(config: VenueConfig(id: "kucoin-futures-sim", plugin: "KuCoinFutures", environment: .sim, restURL: url,
                                                             credentials: demoCredentials, requestTimeout: .milliseconds(500), retryAttempts: 3,
                                                             options: ["key_version": "2"]))
            simulator.exchange.setFaults(try SimulatorFaults(parsing: "latency=1500ms"))
            let error = await #expect(throws: ExchangeError.self) {
                try await slow.placeOrder(.limit(.buy, "XBTUSDTM", size: 1, price: "50000", clientOrderID: "late-1"))
            }
            #expect(error?.code == .outcomeUnknown && error?.clientOrderID == "late-1")
            simulator.exchange.setFaults(SimulatorFaults())
            try await Task.sleep(for: .milliseconds(1_500))
            let client = try futures(url)
            let order = try await client.order(clientOrderID: "late-1")
            #expect(order.status == .open && order.clientOrderID == "late-1", "the venue did take it")
            #expect(try await client.openOrders().count == 1, "and only once")
        }
    }
}

@Suite("Simulator: margin mode, risk limit, cross leverage", .timeLimit(.minutes(1)))
struct SimulatorSettingsTests {
    @Test("settings read back after a change; margin mode cannot change under an open position")
    func settings() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            #expect(try await client.marginMode(symbol: "XBTUSDTM") == .isolated)
            try await client.setMarginMode(.cross, symbol: "XBTUSDTM")
            #expect(try await client.marginMode(symbol: "XBTUSDTM") == .cross)
            let levels = try await client.riskLimitLevels(symbol: "XBTUSDTM")
            #expect(levels.count == 5 && levels.first?.maxLeverage == 125)
            try await client.setRiskLimitLevel(symbol: "XBTUSDTM", level: 2)
            #expect(try await client.position(symbol: "XBTUSDTM").marginMode == .cross)
            try await client.setCrossLeverage("8", symbol: "XBTUSDTM")
            #expect(try await client.crossLeverage(symbol: "XBTUSDTM") == 8)

            _ = try await client.placeOrder(.market(.buy, "XBTUSDTM", size: 1, leverage: 2))
            let refused = await #expect(throws: ExchangeError.self) { try await client.setMarginMode(.isolated, symbol: "XBTUSDTM") }
            #expect(refused?.venueCode == "330005")
            #expect(try await client.marginMode(symbol: "XBTUSDTM") == .cross)
        }
    }
}
