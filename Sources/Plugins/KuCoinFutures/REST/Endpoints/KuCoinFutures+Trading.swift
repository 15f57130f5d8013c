import ExchangeKit
import Foundation
import KuCoinCore

extension KuCoinFutures {
    /// Fills of the last 24 hours (`GET /api/v1/recentFills`), at most 1000.
    public func recentFills(symbol: String? = nil) async throws -> [Fill] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/recentFills", query: symbol.map { [QueryItem("symbol", $0)] } ?? [],
                                              endpoint: KuCoinEndpoint.signed("recentFills", pool: KuCoinPool.futures, weight: 3)), as: [FillWire].self).map { try $0.fill() }
    }

    /// Fills of an order or a symbol (`GET /api/v1/fills`), first page of up to 1000.
    public func fills(symbol: String? = nil, orderID: String? = nil) async throws -> [Fill] {
        var query = [QueryItem("pageSize", "1000")]
        if let orderID { query.append(QueryItem("orderId", orderID)) }
        if let symbol { query.append(QueryItem("symbol", symbol)) }
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/fills", query: query, endpoint: KuCoinEndpoint.signed("fills", pool: KuCoinPool.futures, weight: 5)),
                                         as: FillPageWire.self).items.map { try $0.fill() }
    }

    /// Untriggered stop orders (`GET /api/v1/stopOrders`), first page of up to 1000.
    public func stopOrders(symbol: String? = nil) async throws -> [Order] {
        var query = [QueryItem("pageSize", "1000")]
        if let symbol { query.append(QueryItem("symbol", symbol)) }
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/stopOrders", query: query, endpoint: KuCoinEndpoint.signed("stopOrders", pool: KuCoinPool.futures, weight: 6)),
                                         as: OrderPageWire.self).items.map { try $0.order() }
    }

    /// Cancels every untriggered stop order of a symbol (`DELETE /api/v1/stopOrders?symbol=`).
    @discardableResult
    public func cancelAllStopOrders(symbol: String) async throws -> [String] {
        try await rest.kucoinData(RestRequest(.DELETE, "/api/v1/stopOrders", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("cancelAllStopOrders", pool: KuCoinPool.futures, weight: 15)), as: KuCoinCancelledWire.self).ids
    }

    /// Places an order with a take-profit and a stop-loss trigger (`POST /api/v1/st-orders`).
    @discardableResult
    public func placeOrder(_ order: OrderRequest, takeProfit: Decimal?, stopLoss: Decimal?, triggerPrice: OrderRequest.StopPriceType = .lastTrade) async throws -> OrderAck {
        guard takeProfit != nil || stopLoss != nil else {
            throw ExchangeError.invalidRequest("a take-profit/stop-loss order needs a take-profit or a stop-loss price", venue: id)
        }
        let clientOrderID = order.clientOrderID ?? KuCoinClientOrderID.generate()
        var body = try Self.orderBody(order, clientOrderID: clientOrderID, venue: id)
        // Append the trigger fields to the object: drop the closing brace, add, close again.
        body.removeLast()
        var extra = ""
        let up = order.side == .buy ? takeProfit : stopLoss
        let down = order.side == .buy ? stopLoss : takeProfit
        if let up { extra += #","triggerStopUpPrice":"\#(up)""# }
        if let down { extra += #","triggerStopDownPrice":"\#(down)""# }
        extra += #","stopPriceType":"\#(triggerPrice.rawValue)"}"#
        body.append(contentsOf: extra.utf8)
        let ack = try await rest.kucoinData(RestRequest(.POST, "/api/v1/st-orders", body: body,
                                                        endpoint: KuCoinEndpoint.signed("placeTakeProfitStopLoss", pool: KuCoinPool.futures, weight: 2, idempotency: .nonIdempotent),
                                                        clientOrderID: clientOrderID), as: OrderAckWire.self)
        return OrderAck(orderID: ack.orderId, clientOrderID: ack.clientOid.isEmpty ? clientOrderID : ack.clientOid)
    }

    /// Closes the whole position of a symbol at market (`closeOrder: true`).
    @discardableResult
    public func closePosition(symbol: String, clientOrderID: String? = nil) async throws -> OrderAck {
        try await placeOrder(OrderRequest(symbol: symbol, side: .sell, type: .market, size: 0, closeOrder: true, clientOrderID: clientOrderID))
    }

    /// The account's funding settlements (`GET /api/v1/funding-history`).
    public func fundingHistory(symbol: String, from start: Timestamp? = nil, to end: Timestamp? = nil) async throws -> [FundingPayment] {
        var query = [QueryItem("symbol", symbol)]
        if let start { query.append(QueryItem("startAt", String(start.milliseconds))) }
        if let end { query.append(QueryItem("endAt", String(end.milliseconds))) }
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/funding-history", query: query, endpoint: KuCoinEndpoint.signed("fundingHistory", pool: KuCoinPool.futures, weight: 5)),
                                         as: FundingHistoryWire.self).dataList.map {
            FundingPayment(id: $0.id, symbol: $0.symbol, time: Timestamp(milliseconds: $0.timePoint), rate: $0.fundingRate,
                           markPrice: $0.markPrice, positionSize: $0.positionQty, amount: $0.funding, currency: $0.settleCurrency)
        }
    }

    /// Settled funding rates of a contract (`GET /api/v1/contract/funding-rates`).
    public func fundingRates(symbol: String, from start: Timestamp, to end: Timestamp) async throws -> [FundingRate] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/contract/funding-rates", query: [
            QueryItem("symbol", symbol), QueryItem("from", String(start.milliseconds)), QueryItem("to", String(end.milliseconds)),
        ], endpoint: KuCoinEndpoint.public("fundingRates", weight: 5)), as: [PublicFundingWire].self).map {
            FundingRate(symbol: $0.symbol, rate: $0.fundingRate, timestamp: Timestamp(milliseconds: $0.timepoint))
        }
    }

    /// The risk-limit levels of an isolated-margin contract (`GET /api/v1/contracts/risk-limit/{symbol}`).
    public func riskLimitLevels(symbol: String) async throws -> [RiskLimitLevel] {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/contracts/risk-limit/\(try KuCoinPath.component(symbol))",
                                              endpoint: KuCoinEndpoint.signed("riskLimitLevels", pool: KuCoinPool.futures, weight: 5)), as: [RiskLimitWire].self).map {
            RiskLimitLevel(symbol: $0.symbol, level: $0.level, minRiskLimit: $0.minRiskLimit, maxRiskLimit: $0.maxRiskLimit,
                           maxLeverage: $0.maxLeverage, initialMargin: $0.initialMargin, maintenanceMargin: $0.maintainMargin)
        }
    }

    /// Asks for another risk-limit level (`POST /api/v1/position/risk-limit-level/change`); the result arrives on the position stream.
    public func setRiskLimitLevel(symbol: String, level: Int) async throws {
        _ = try await rest.kucoinData(RestRequest(.POST, "/api/v1/position/risk-limit-level/change",
                                                  body: Array(#"{"symbol":\#(KuCoinJSONText.quoted(symbol)),"level":\#(level)}"#.utf8),
                                                  endpoint: KuCoinEndpoint.signed("setRiskLimitLevel", pool: KuCoinPool.futures, weight: 5)), as: Bool.self)
    }

    /// A symbol's margin mode (`GET /api/v2/position/getMarginMode`).
    public func marginMode(symbol: String) async throws -> MarginMode {
        let wire = try await rest.kucoinData(RestRequest(.GET, "/api/v2/position/getMarginMode", query: [QueryItem("symbol", symbol)],
                                                         endpoint: KuCoinEndpoint.signed("marginMode", pool: KuCoinPool.futures, weight: 2)), as: MarginModeWire.self)
        return wire.marginMode == "CROSS" ? .cross : .isolated
    }

    /// Switches a symbol's margin mode (`POST /api/v2/position/changeMarginMode`); fails with open orders or positions.
    public func setMarginMode(_ mode: MarginMode, symbol: String) async throws {
        _ = try await rest.kucoinData(RestRequest(.POST, "/api/v2/position/changeMarginMode",
                                                  body: Array(#"{"symbol":\#(KuCoinJSONText.quoted(symbol)),"marginMode":"\#(mode == .cross ? "CROSS" : "ISOLATED")"}"#.utf8),
                                                  endpoint: KuCoinEndpoint.signed("setMarginMode", pool: KuCoinPool.futures, weight: 2)), as: MarginModeWire.self)
    }

    /// A symbol's cross-margin leverage (`GET /api/v2/getCrossUserLeverage`).
    public func crossLeverage(symbol: String) async throws -> Decimal {
        try await rest.kucoinData(RestRequest(.GET, "/api/v2/getCrossUserLeverage", query: [QueryItem("symbol", symbol)],
                                              endpoint: KuCoinEndpoint.signed("crossLeverage", pool: KuCoinPool.futures, weight: 2)), as: CrossLeverageWire.self).leverage.value
    }

    /// Sets a symbol's cross-margin leverage (`POST /api/v2/changeCrossUserLeverage`).
    public func setCrossLeverage(_ leverage: ExactDecimal, symbol: String) async throws {
        _ = try await rest.kucoinData(RestRequest(.POST, "/api/v2/changeCrossUserLeverage",
                                                  body: Array(#"{"symbol":\#(KuCoinJSONText.quoted(symbol)),"leverage":"\#(leverage.value)"}"#.utf8),
                                                  endpoint: KuCoinEndpoint.signed("setCrossLeverage", pool: KuCoinPool.futures, weight: 2)), as: Bool.self)
    }

    /// Turns automatic margin top-up of an isolated position on or off.
    @available(*, deprecated, message: "KuCoin deprecated /api/v1/position/margin/auto-deposit-status (isolated margin only)")
    public func setAutoDeposit(_ enabled: Bool, symbol: String) async throws {
        _ = try await rest.kucoinData(RestRequest(.POST, "/api/v1/position/margin/auto-deposit-status",
                                                  body: Array(#"{"symbol":\#(KuCoinJSONText.quoted(symbol)),"status":\#(enabled)}"#.utf8),
                                                  endpoint: KuCoinEndpoint.signed("setAutoDeposit", pool: KuCoinPool.futures, weight: 4)), as: Bool.self)
    }

    /// Candles over any time range: pages of at most 500 rows, each starting after the last row of the previous.
    public func candles(symbol: String, interval: Duration, over range: ClosedRange<Timestamp>, pageSize: Int = 500) async throws -> [Candle] {
        var result: [Candle] = []
        var start = range.lowerBound
        let step = Int64(pageSize) * interval.nanoseconds
        while start <= range.upperBound {
            let end = min(range.upperBound, start.advanced(by: .nanoseconds(step)))
            let page = try await candles(symbol: symbol, interval: interval, from: start, to: end)
            result.append(contentsOf: page.filter { range.contains($0.start) && $0.start > (result.last?.start ?? Timestamp(nanoseconds: .min)) })
            guard let last = page.last?.start, last >= start else {
                start = end.advanced(by: .milliseconds(1))
                continue
            }
            start = last.advanced(by: interval)
        }
        return result
    }
}
