import ExchangeKit
import Foundation
import Hummingbird

// The account's endpoints: all signed, all on the Futures pool (PROTOCOL.md §6 weights).
extension SimulatorRoutes {
    func registerTrading(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/account-overview") { request, _ in
            try await reply(request, pool: "Futures", weight: 5, signed: true) { query in
                let currency = query["currency"] ?? "XBT"
                return .ok(exchange.state.withLock { state in
                    let account = state.account
                    let contracts = state.contracts
                    guard currency == "USDT" else {
                        return KuCoinWire.accountOverview(wallet: 0, available: 0, positionMargin: 0, orderMargin: 0, unrealised: 0, currency: currency)
                    }
                    let unrealised = account.positions.values.reduce(Decimal(0)) { total, position in
                        guard let market = state.markets[position.symbol] else { return total }
                        let mark = market.contract.decimal(ticks: market.mid)
                        return total + (mark - position.entryPrice) * Decimal(position.quantity) * market.contract.multiplierValue
                    }
                    return KuCoinWire.accountOverview(wallet: account.wallet, available: account.available(contracts: contracts),
                                                      positionMargin: account.positionMargin(contracts: contracts),
                                                      orderMargin: account.orderMargin(contracts: contracts), unrealised: unrealised, currency: currency)
                })
            }
        }
        router.get("/api/v1/position") { request, _ in
            try await reply(request, pool: "Futures", weight: 2, signed: true) { query in
                let time = Timestamp.now().nanoseconds
                guard let symbol = query["symbol"], let data = exchange.state.withLock({ state -> String? in
                    state.markets[symbol].map { KuCoinWire.position(state.account.position(symbol), market: $0, settings: state.account.settings(symbol), time: time) }
                }) else { return .failure("200003", "Invalid symbol.", status: 200) }
                return .ok(data)
            }
        }
        router.get("/api/v1/positions") { request, _ in
            try await reply(request, pool: "Futures", weight: 2, signed: true) { _ in
                let time = Timestamp.now().nanoseconds
                return .ok("[" + exchange.state.withLock { state in
                    state.account.positions.values.filter { $0.quantity != 0 }.sorted { $0.symbol < $1.symbol }.compactMap { position in
                        state.markets[position.symbol].map { KuCoinWire.position(position, market: $0, settings: state.account.settings(position.symbol), time: time) }
                    }
                }.joined(separator: ",") + "]")
            }
        }
        for (path, validateOnly) in [("/api/v1/orders", false), ("/api/v1/orders/test", true)] {
            router.post(RouterPath(stringLiteral: path)) { request, _ in
                try await reply(request, pool: "Futures", weight: 2, signed: true) { _, body in
                    guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                        return .failure("400100", "the body must be a JSON object", status: 200)
                    }
                    return answer(exchange.place(object, validateOnly: validateOnly))
                }
            }
        }
        router.delete("/api/v1/orders/:orderId") { request, context in
            let id = context.parameters.get("orderId") ?? ""
            return try await reply(request, pool: "Futures", weight: 1, signed: true) { _ in
                let ids = exchange.cancel { $0.id == id }
                return ids.isEmpty ? .failure("100004", "The order cannot be canceled", status: 200)
                    : .ok(#"{"cancelledOrderIds":["\#(id)"]}"#)
            }
        }
        router.delete("/api/v1/orders/client-order/:clientOid") { request, context in
            let clientOid = context.parameters.get("clientOid") ?? ""
            return try await reply(request, pool: "Futures", weight: 1, signed: true) { query in
                let ids = exchange.cancel { $0.clientOid == clientOid && (query["symbol"] == nil || $0.symbol == query["symbol"]) }
                return ids.isEmpty ? .failure("100004", "The order cannot be canceled", status: 200) : .ok(#"{"clientOid":"\#(clientOid)"}"#)
            }
        }
        router.delete("/api/v3/orders") { request, _ in
            try await reply(request, pool: "Futures", weight: 10, signed: true) { query in
                guard let symbol = query["symbol"] else { return .failure("400100", "symbol is required", status: 200) }
                let ids = exchange.cancel { $0.symbol == symbol && !$0.isUntriggeredStop }
                return .ok(#"{"cancelledOrderIds":[\#(ids.map { "\"\($0)\"" }.joined(separator: ","))]}"#)
            }
        }
        router.delete("/api/v1/stopOrders") { request, _ in
            try await reply(request, pool: "Futures", weight: 15, signed: true) { query in
                let ids = exchange.cancel { $0.isUntriggeredStop && (query["symbol"] == nil || $0.symbol == query["symbol"]) }
                return .ok(#"{"cancelledOrderIds":[\#(ids.map { "\"\($0)\"" }.joined(separator: ","))]}"#)
            }
        }
        router.get("/api/v1/orders/byClientOid") { request, _ in
            try await reply(request, pool: "Futures", weight: 5, signed: true) { query in
                order { $0.clientOid == query["clientOid"] }
            }
        }
        router.get("/api/v1/orders/:orderId") { request, context in
            let id = context.parameters.get("orderId") ?? ""
            return try await reply(request, pool: "Futures", weight: 5, signed: true) { _ in order { $0.id == id } }
        }
        router.get("/api/v1/orders") { request, _ in
            try await reply(request, pool: "Futures", weight: 2, signed: true) { query in
                let active = query["status"] != "done"
                return orders { $0.isActive == active && !$0.isUntriggeredStop && (query["symbol"] == nil || $0.symbol == query["symbol"]) }
            }
        }
        router.get("/api/v1/stopOrders") { request, _ in
            try await reply(request, pool: "Futures", weight: 6, signed: true) { query in
                orders { $0.isUntriggeredStop && (query["symbol"] == nil || $0.symbol == query["symbol"]) }
            }
        }
        router.get("/api/v1/fills") { request, _ in
            try await reply(request, pool: "Futures", weight: 5, signed: true) { query in
                .ok(KuCoinWire.page(fills { ($0.symbol == query["symbol"] || query["symbol"] == nil) && (query["orderId"] == nil || $0.orderID == query["orderId"]) }))
            }
        }
        router.get("/api/v1/recentFills") { request, _ in
            try await reply(request, pool: "Futures", weight: 3, signed: true) { query in
                .ok("[" + fills { query["symbol"] == nil || $0.symbol == query["symbol"] }.joined(separator: ",") + "]")
            }
        }
    }

    private func answer(_ answer: SimAnswer) -> Reply {
        if let data = answer.data { return .ok(data) }
        return .failure(answer.code, answer.message, status: 200)
    }

    private func order(_ which: @escaping (SimOrder) -> Bool) -> Reply {
        let data = exchange.state.withLock { state -> String? in
            state.account.orders.values.first(where: which).map { KuCoinWire.order($0, contract: state.contracts[$0.symbol]!) }
        }
        return data.map(Reply.ok) ?? .failure("100001", "order does not exist", status: 200)
    }

    private func orders(_ which: @escaping (SimOrder) -> Bool) -> Reply {
        .ok(KuCoinWire.page(exchange.state.withLock { state in
            state.account.orders.values.filter(which).sorted { $0.createdAt > $1.createdAt }.map { KuCoinWire.order($0, contract: state.contracts[$0.symbol]!) }
        }))
    }

    /// The account's fills, newest first.
    private func fills(_ which: @escaping (SimFill) -> Bool) -> [String] {
        exchange.state.withLock { state in
            state.account.fills.reversed().filter(which).map { KuCoinWire.fill($0, contract: state.contracts[$0.symbol]!) }
        }
    }
}
