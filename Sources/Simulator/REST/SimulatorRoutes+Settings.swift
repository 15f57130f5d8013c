import ExchangeKit
import Foundation
import Hummingbird

// Margin mode, risk-limit level and cross leverage per symbol (PROTOCOL.md §6).
extension SimulatorRoutes {
    func registerSettings(on router: Router<BasicRequestContext>) {
        router.get("/api/v2/position/getMarginMode") { request, _ in
            try await reply(request, pool: "Futures", weight: 2, signed: true) { query in
                setting(query["symbol"]) { #"{"symbol":"\#($0)","marginMode":"\#($1.marginMode)"}"# }
            }
        }
        router.post("/api/v2/position/changeMarginMode") { request, _ in
            try await reply(request, pool: "Futures", weight: 2, signed: true) { _, body in
                let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
                guard let mode = object["marginMode"] as? String, mode == "CROSS" || mode == "ISOLATED" else {
                    return .failure("400100", "marginMode must be CROSS or ISOLATED", status: 200)
                }
                return change(object["symbol"] as? String) { symbol, settings, busy in
                    if busy && settings.marginMode != mode { return .failure("330005", "margin mode cannot change with open positions or orders", status: 200) }
                    settings.marginMode = mode
                    return .ok(#"{"symbol":"\#(symbol)","marginMode":"\#(mode)"}"#)
                }
            }
        }
        router.get("/api/v1/contracts/risk-limit/:symbol") { request, context in
            let symbol = context.parameters.get("symbol") ?? ""
            return try await reply(request, pool: "Public", weight: 5, signed: true) { _ in
                market(symbol) { _ in
                    "[" + SimSettings.riskLimitLevels.enumerated().map { index, level in
                        #"{"symbol":"\#(symbol)","level":\#(index + 1),"maxRiskLimit":\#(level.maxRiskLimit),"minRiskLimit":\#(level.minRiskLimit),"maxLeverage":\#(level.maxLeverage),"initialMargin":\#(level.initialMargin),"maintainMargin":\#(level.maintainMargin)}"#
                    }.joined(separator: ",") + "]"
                }
            }
        }
        router.post("/api/v1/position/risk-limit-level/change") { request, _ in
            try await reply(request, pool: "Futures", weight: 5, signed: true) { _, body in
                let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
                guard let level = (object["level"] as? NSNumber)?.intValue, (1...SimSettings.riskLimitLevels.count).contains(level) else {
                    return .failure("400100", "level must be 1…\(SimSettings.riskLimitLevels.count)", status: 200)
                }
                return change(object["symbol"] as? String) { _, settings, _ in
                    settings.riskLimitLevel = level
                    return .ok("true")
                }
            }
        }
        router.get("/api/v2/getCrossUserLeverage") { request, _ in
            try await reply(request, pool: "Futures", weight: 2, signed: true) { query in
                setting(query["symbol"]) { #"{"symbol":"\#($0)","leverage":"\#(DecimalText.string($1.crossLeverage))"}"# }
            }
        }
        router.post("/api/v2/changeCrossUserLeverage") { request, _ in
            try await reply(request, pool: "Futures", weight: 2, signed: true) { _, body in
                let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
                let text = (object["leverage"] as? String) ?? (object["leverage"] as? NSNumber)?.stringValue ?? ""
                guard let leverage = try? DecimalParser.parse(text), leverage > 0, leverage <= 125 else {
                    return .failure("400100", "leverage must be above 0 and at most 125", status: 200)
                }
                return change(object["symbol"] as? String) { _, settings, _ in
                    settings.crossLeverage = leverage
                    return .ok("true")
                }
            }
        }
    }

    private func setting(_ symbol: String?, _ body: (String, SimSettings) -> String) -> Reply {
        guard let symbol, let data = exchange.state.withLock({ state -> String? in
            state.markets[symbol] == nil ? nil : body(symbol, state.account.settings(symbol))
        }) else { return .failure("200003", "Invalid symbol.", status: 200) }
        return .ok(data)
    }

    private func change(_ symbol: String?, _ body: (String, inout SimSettings, Bool) -> Reply) -> Reply {
        guard let symbol else { return .failure("200003", "Invalid symbol.", status: 200) }
        return exchange.state.withLock { state in
            guard state.markets[symbol] != nil else { return .failure("200003", "Invalid symbol.", status: 200) }
            var settings = state.account.settings(symbol)
            let reply = body(symbol, &settings, state.account.isBusy(symbol))
            state.account.settings[symbol] = settings
            return reply
        }
    }
}
