import ExchangeKit
import Foundation
import Hummingbird

// The spot account's endpoints: accounts (Management pool) and HF orders and fills (Spot pool),
// all signed (PROTOCOL.md §7 weights). Classic order endpoints share paths with Futures' and are
// not served: the KuCoinSpot plugin uses the HF ones.
extension SimulatorRoutes {
    func registerSpotTrading(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/accounts") { request, _ in
            try await reply(request, pool: "Management", weight: 5, signed: true) { query in
                guard query["type"] == nil || query["type"] == "trade" else { return .ok("[]") }
                return .ok("[" + spotAccounts(currency: query["currency"]).map { KuCoinSpotWire.account(currency: $0.currency, total: $0.funds.total, hold: $0.funds.hold) }
                    .joined(separator: ",") + "]")
            }
        }
        router.get("/api/v1/accounts/:accountId") { request, context in
            let id = context.parameters.get("accountId") ?? ""
            return try await reply(request, pool: "Management", weight: 5, signed: true) { _ in
                guard let account = spotAccounts(currency: nil).first(where: { KuCoinSpotWire.accountID($0.currency) == id }) else {
                    return .failure("400100", "account not exist", status: 200)
                }
                return .ok(KuCoinSpotWire.accountDetail(currency: account.currency, total: account.funds.total, hold: account.funds.hold))
            }
        }
        for (path, validateOnly) in [("/api/v1/hf/orders", false), ("/api/v1/hf/orders/test", true)] {
            router.post(RouterPath(stringLiteral: path)) { request, _ in
                try await reply(request, pool: "Spot", weight: 1, signed: true) { _, body in
                    guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                        return .failure("400100", "the body must be a JSON object", status: 200)
                    }
                    let answer = exchange.placeSpot(object, validateOnly: validateOnly)
                    return answer.data.map(Reply.ok) ?? .failure(answer.code, answer.message, status: 200)
                }
            }
        }
        router.delete("/api/v1/hf/orders/cancelAll") { request, _ in
            try await reply(request, pool: "Spot", weight: 30, signed: true) { _ in
                let ids = exchange.cancelSpot { _ in true }
                let symbols = Set(exchange.state.withLock { state in ids.compactMap { state.spot.orders[$0]?.symbol } }).sorted()
                return .ok(#"{"succeedSymbols":[\#(symbols.map { "\"\($0)\"" }.joined(separator: ","))],"failedSymbols":[]}"#)
            }
        }
        router.delete("/api/v1/hf/orders/client-order/:clientOid") { request, context in
            let clientOid = context.parameters.get("clientOid") ?? ""
            return try await reply(request, pool: "Spot", weight: 1, signed: true) { query in
                withSymbol(query) { symbol in
                    exchange.cancelSpot { $0.clientOid == clientOid && $0.symbol == symbol }.isEmpty
                        ? cannotCancel : .ok(#"{"clientOid":"\#(clientOid)"}"#)
                }
            }
        }
        router.delete("/api/v1/hf/orders/:orderId") { request, context in
            let id = context.parameters.get("orderId") ?? ""
            return try await reply(request, pool: "Spot", weight: 1, signed: true) { query in
                withSymbol(query) { symbol in
                    exchange.cancelSpot { $0.id == id && $0.symbol == symbol }.isEmpty ? cannotCancel : .ok(#"{"orderId":"\#(id)"}"#)
                }
            }
        }
        router.delete("/api/v1/hf/orders") { request, _ in
            try await reply(request, pool: "Spot", weight: 2, signed: true) { query in
                withSymbol(query) { symbol in
                    _ = exchange.cancelSpot { $0.symbol == symbol }
                    return .ok(#""success""#)
                }
            }
        }
        router.get("/api/v1/hf/orders/active") { request, _ in
            try await reply(request, pool: "Spot", weight: 2, signed: true) { query in
                withSymbol(query) { symbol in .ok("[" + spotOrders { $0.isActive && $0.symbol == symbol }.joined(separator: ",") + "]") }
            }
        }
        router.get("/api/v1/hf/orders/done") { request, _ in
            try await reply(request, pool: "Spot", weight: 2, signed: true) { query in
                withSymbol(query) { symbol in
                    .ok(#"{"lastId":0,"items":[\#(spotOrders { !$0.isActive && $0.symbol == symbol }.joined(separator: ","))]}"#)
                }
            }
        }
        router.get("/api/v1/hf/orders/client-order/:clientOid") { request, context in
            let clientOid = context.parameters.get("clientOid") ?? ""
            return try await reply(request, pool: "Spot", weight: 2, signed: true) { query in
                withSymbol(query) { symbol in spotOrder { $0.clientOid == clientOid && $0.symbol == symbol } }
            }
        }
        router.get("/api/v1/hf/orders/:orderId") { request, context in
            let id = context.parameters.get("orderId") ?? ""
            return try await reply(request, pool: "Spot", weight: 2, signed: true) { query in
                withSymbol(query) { symbol in spotOrder { $0.id == id && $0.symbol == symbol } }
            }
        }
        router.get("/api/v1/hf/fills") { request, _ in
            try await reply(request, pool: "Spot", weight: 2, signed: true) { query in
                withSymbol(query) { symbol in
                    let limit = query["limit"].flatMap(Int.init).map { max(1, min($0, 100)) } ?? 20
                    let before = query["lastId"].flatMap(Int64.init) ?? .max
                    let page = exchange.state.withLock { state in
                        state.spot.fills.reversed().filter {
                            $0.symbol == symbol && $0.fillID < before && (query["orderId"] == nil || $0.orderID == query["orderId"])
                        }.prefix(limit).map { (id: $0.fillID, json: KuCoinSpotWire.fill($0, pair: state.spotPairs[$0.symbol]!)) }
                    }
                    return .ok(#"{"items":[\#(page.map(\.json).joined(separator: ","))],"lastId":\#(page.last?.id ?? 0)}"#)
                }
            }
        }
    }

    /// KuCoin Spot's answer to cancelling an order that is not open (as ccxt records it).
    private var cannotCancel: Reply { .failure("400100", "order_not_exist_or_not_allow_to_cancel", status: 200) }

    /// The HF endpoints need the symbol.
    private func withSymbol(_ query: [String: String], _ body: (String) -> Reply) -> Reply {
        guard let symbol = query["symbol"], !symbol.isEmpty else { return .failure("400100", "symbol is required", status: 200) }
        return body(symbol)
    }

    /// Every currency the account holds or a pair trades, with its funds; of one currency when asked.
    private func spotAccounts(currency: String?) -> [(currency: String, funds: SimSpotFunds)] {
        exchange.state.withLock { state in
            var currencies = Set(state.spot.totals.keys)
            for pair in state.spotPairs.values { currencies.formUnion([pair.base, pair.quote]) }
            return currencies.filter { currency == nil || $0 == currency }.sorted().map {
                ($0, SimSpotFunds(total: state.spot.total($0), hold: state.spot.hold($0, pairs: state.spotPairs)))
            }
        }
    }

    private func spotOrder(_ which: @escaping (SimSpotOrder) -> Bool) -> Reply {
        let data = exchange.state.withLock { state -> String? in
            state.spot.orders.values.first(where: which).map { KuCoinSpotWire.order($0, pair: state.spotPairs[$0.symbol]!) }
        }
        return data.map(Reply.ok) ?? .failure("400100", "order not exist.", status: 200)
    }

    /// Orders, newest first.
    private func spotOrders(_ which: @escaping (SimSpotOrder) -> Bool) -> [String] {
        exchange.state.withLock { state in
            state.spot.orders.values.filter(which).sorted { $0.createdAt > $1.createdAt }.map { KuCoinSpotWire.order($0, pair: state.spotPairs[$0.symbol]!) }
        }
    }
}
