import ExchangeKit
import Foundation

/// A currency's total and held funds at one moment (to tell what an operation changed).
struct SimSpotFunds: Equatable, Sendable {
    var total: Decimal
    var hold: Decimal
}

extension SimExchange {
    // MARK: - Placing

    /// `POST /api/v1/hf/orders` (or `/hf/orders/test` when `validateOnly`): checks, then matches
    /// against the pair's book at once; what does not fill rests (limit GTC) or is cancelled
    /// (market, IOC, FOK, a post-only order that would take).
    func placeSpot(_ body: [String: Any], validateOnly: Bool) -> SimAnswer {
        placing(validateOnly: validateOnly, ids: { ($0.id, $0.clientOid) }, parse: { Self.parseSpotOrder(body, state: &$0, time: $1) }) { order, state, time, events, frames in
            let before = Self.spotFunds(order.symbol, state: state)
            state.spot.orders[order.id] = order
            state.spot.orderIDsByClientOid[order.clientOid] = order.id
            Self.spotOrderEvent(order, type: "received", match: nil, state: state, time: time, frames: &frames)
            let fills = Self.executeSpot(order.id, state: &state, time: time, events: &events, frames: &frames)
            Self.spotBalanceEvents(order.symbol, before: before, orderID: order.id, tradeID: fills.last?.tradeID, state: &state, time: time, frames: &frames)
        }
    }

    /// Checks an HF order body as KuCoin Spot does (pair, side, type, client order id, increments,
    /// time in force, funds) and that the account can pay for it; the order, or the refusal.
    static func parseSpotOrder(_ body: [String: Any], state: inout State, time: Int64) -> Result<SimSpotOrder, SimAnswerError> {
        func refuse(_ code: String, _ message: String) -> Result<SimSpotOrder, SimAnswerError> { .failure(SimAnswerError(answer: .refuse(code, message))) }
        func decimal(_ key: String) -> Decimal? { Self.decimal(body, key) }
        guard let symbol = body["symbol"] as? String, let pair = state.spotPairs[symbol], let market = state.spotMarkets[symbol] else {
            return refuse("400100", "symbol is invalid")
        }
        guard let sideText = body["side"] as? String, let side = SimSide(rawValue: sideText) else { return refuse("400100", "side must be buy or sell") }
        guard let kind = SimOrder.Kind(rawValue: body["type"] as? String ?? "limit") else { return refuse("400100", "type must be limit or market") }
        let clientOid = (body["clientOid"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString.replacingOccurrences(of: "-", with: "")
        guard clientOid.count <= 40 else { return refuse("400100", "clientOid is longer than 40 characters") }
        // KuCoin Spot's answer to a reused client order id (Kucoin.Net issue #120 shows it live).
        guard state.spot.orderIDsByClientOid[clientOid] == nil else { return refuse("400100", "validation.createOrder.clientOidDuplicated") }
        let timeInForce = SimOrder.TimeInForce(rawValue: body["timeInForce"] as? String ?? "GTC")
        guard let timeInForce else { return refuse("400100", "timeInForce must be GTC, IOC or FOK") }
        let postOnly = body["postOnly"] as? Bool ?? false
        var price: Int64?
        var lots: Int64?
        var funds: Decimal?
        if body["size"] != nil {
            guard let size = decimal("size"), let parsed = pair.lots(size) else {
                return refuse("400100", "Order size increment invalid: the size must be a positive multiple of \(pair.multiplier)")
            }
            lots = parsed
        }
        switch kind {
        case .limit:
            guard let value = decimal("price"), let ticks = pair.ticks(value) else {
                return refuse("400100", "Price increment invalid: the price must be a positive multiple of \(pair.tickSize)")
            }
            guard lots != nil else { return refuse("400100", "a limit order needs a size") }
            guard body["funds"] == nil else { return refuse("400100", "a limit order has no funds") }
            price = ticks
        case .market:
            if body["funds"] != nil {
                guard lots == nil else { return refuse("400100", "a market order takes size or funds, not both") }
                guard let value = decimal("funds"), value > 0, value < 1_000_000_000_000, KuCoinSpotWire.rounded(value, scale: 6, .down) == value else {
                    return refuse("400100", "funds must be positive with at most 6 decimals")
                }
                funds = value
            }
            guard lots != nil || funds != nil else { return refuse("400100", "a market order needs size or funds") }
            guard !postOnly else { return refuse("400100", "a market order cannot be post-only") }
        }
        // What the order may use up: the quote a buy spends (with the fee), the base a sell delivers.
        let rate = SimSpotAccount.takerFeeRate
        let needed: Decimal
        let currency = side == .buy ? pair.quote : pair.base
        switch (side, price, lots, funds) {
        case (.buy, let ticks?, let lots?, _): needed = pair.value(ticks: ticks, lots: lots) * (1 + rate)
        case (.buy, nil, let lots?, _): needed = Self.sweep(market, side: side, lots: lots, funds: nil).value * (1 + rate)
        case (.buy, _, _, let funds?): needed = funds * (1 + rate)
        case (.sell, _, let lots?, _): needed = Decimal(lots) * pair.multiplierValue
        case (.sell, _, _, let funds?): needed = Decimal(Self.sweep(market, side: side, lots: nil, funds: funds).lots) * pair.multiplierValue
        default: needed = 0
        }
        guard needed <= state.spot.available(currency, pairs: state.spotPairs) else { return refuse("200004", "Balance insufficient!") }
        return .success(SimSpotOrder(id: state.spot.newOrderID(), clientOid: clientOid, symbol: symbol, side: side, kind: kind, price: price,
                                     size: lots, funds: funds, timeInForce: timeInForce, postOnly: postOnly, createdAt: time, updatedAt: time))
    }

    /// What a taker would get from the book, walking it without changing it: up to `lots`, or as
    /// many whole lots as `funds` (quote) pays for. Returns the lots and their value.
    static func sweep(_ market: SimMarket, side: SimSide, lots: Int64?, funds: Decimal?) -> (lots: Int64, value: Decimal) {
        let pair = market.contract
        let levels = side == .buy ? market.levels(depth: nil).asks : market.levels(depth: nil).bids
        var taken: Int64 = 0
        var value = Decimal(0)
        for (ticks, size) in levels {
            var take = size
            if let lots { take = min(take, lots - taken) }
            if let funds {
                let unit = pair.value(ticks: ticks, lots: 1)
                // Bounded before the conversion: a tiny increment's count can exceed Int64.
                let affordable = min(KuCoinSpotWire.rounded((funds - value) / unit, scale: 0, .down), Decimal(size))
                take = min(take, max(0, NSDecimalNumber(decimal: affordable).int64Value))
            }
            if take <= 0 { break }
            taken += take
            value += pair.value(ticks: ticks, lots: take)
        }
        return (taken, value)
    }

    /// Matches an order against the book as a taker; rests or cancels the rest. Returns its fills.
    @discardableResult
    static func executeSpot(_ id: String, state: inout State, time: Int64, events: inout [MarketEvent], frames: inout [PrivateFrame]) -> [SimFill] {
        guard var order = state.spot.orders[id], var market = state.spotMarkets[order.symbol] else { return [] }
        let pair = market.contract
        var fills: [SimFill] = []
        var matchEvents: [SimSpotOrder] = []
        let wanted = order.size.map { $0 - order.filled } ?? sweep(market, side: order.side, lots: nil, funds: order.funds).lots
        let taken = market.takerPass(order.side, lots: wanted, limit: order.price, postOnly: order.postOnly,
                                     fillOrKill: order.timeInForce == .fillOrKill && order.size != nil, time: time, into: &events)
        for (ticks, lots, maker) in taken ?? [] {
            fills.append(state.spot.apply(&order, ticks: ticks, lots: lots, liquidity: "taker", counterOrderID: maker, pair: pair, time: time))
            matchEvents.append(order)
        }
        order.finishTakerPass(traded: taken != nil, time: time)
        state.spotMarkets[order.symbol] = market
        state.spot.orders[id] = order
        for (fill, snapshot) in zip(fills, matchEvents) {
            spotOrderEvent(snapshot, type: "match", match: fill, state: state, time: time, frames: &frames)
        }
        if order.isActive {
            spotOrderEvent(order, type: "open", match: nil, state: state, time: time, frames: &frames)
        } else {
            let complete = order.canceled == 0 && order.filled > 0
            spotOrderEvent(order, type: complete ? "filled" : "canceled", match: nil, state: state, time: time, frames: &frames)
        }
        return fills
    }

    /// Fills resting orders the pairs' trades reached, as makers at their own price, in price-time order.
    static func matchSpotResting(against trades: [MarketEvent], state: inout State, time: Int64, frames: inout [PrivateFrame]) {
        var before: [String: [String: SimSpotFunds]] = [:]
        var last: [String: (orderID: String, tradeID: String)] = [:]
        for event in trades {
            guard case .trade(let symbol, let takerSide, let ticks, let lots, let sequence, _) = event, let pair = state.spotPairs[symbol] else { continue }
            var left = lots
            let candidates = state.spot.orders.values.filter { order in
                guard order.isActive, order.symbol == symbol, let price = order.price, order.side != takerSide else { return false }
                return takerSide == .buy ? price <= ticks : price >= ticks
            }.sorted { lhs, rhs in
                if lhs.price != rhs.price { return takerSide == .buy ? lhs.price! < rhs.price! : lhs.price! > rhs.price! }
                return lhs.createdAt < rhs.createdAt
            }
            for candidate in candidates where left > 0 {
                if before[symbol] == nil { before[symbol] = spotFunds(symbol, state: state) }
                var order = candidate
                let taken = min(left, order.remaining)
                left -= taken
                let fill = state.spot.apply(&order, ticks: order.price!, lots: taken, liquidity: "maker",
                                            counterOrderID: KuCoinWire.takerOrderID(sequence), pair: pair, time: time)
                order.isActive = order.remaining > 0
                state.spot.orders[order.id] = order
                spotOrderEvent(order, type: "match", match: fill, state: state, time: time, frames: &frames)
                if !order.isActive { spotOrderEvent(order, type: "filled", match: nil, state: state, time: time, frames: &frames) }
                last[symbol] = (order.id, fill.tradeID)
            }
        }
        for (symbol, funds) in before {
            spotBalanceEvents(symbol, before: funds, orderID: last[symbol]?.orderID ?? "", tradeID: last[symbol]?.tradeID,
                              state: &state, time: time, frames: &frames)
        }
    }

    // MARK: - Cancelling

    /// Cancels the active spot orders chosen by `which`; returns their ids.
    func cancelSpot(where which: (SimSpotOrder) -> Bool) -> [String] {
        let time = Timestamp.now().nanoseconds
        return state.withLock { state in
            var frames: [PrivateFrame] = []
            let chosen = state.spot.orders.values.filter { $0.isActive && which($0) }.sorted { $0.createdAt < $1.createdAt }
            for candidate in chosen {
                let before = Self.spotFunds(candidate.symbol, state: state)
                var order = candidate
                order.canceled = order.remaining
                order.isActive = false
                order.updatedAt = time
                state.spot.orders[order.id] = order
                Self.spotOrderEvent(order, type: "canceled", match: nil, state: state, time: time, frames: &frames)
                Self.spotBalanceEvents(order.symbol, before: before, orderID: order.id, tradeID: nil, state: &state, time: time, frames: &frames)
            }
            Self.deliver(frames, in: &state)
            return chosen.map(\.id)
        }
    }

    // MARK: - Private events

    /// An order change on the V2 topic (every type) and the V1 topic (all but `received`).
    static func spotOrderEvent(_ order: SimSpotOrder, type: String, match: SimFill?, state: State, time: Int64, frames: inout [PrivateFrame]) {
        guard let pair = state.spotPairs[order.symbol] else { return }
        for topic in ["/spotMarket/tradeOrdersV2", "/spotMarket/tradeOrders"] where topic.hasSuffix("V2") || type != "received" {
            frames.append(PrivateFrame(topic: topic, frame: KuCoinSpotWire.orderChange(order, type: type, match: match, pair: pair, topic: topic, time: time)))
        }
    }

    /// The base and quote funds of a pair's currencies now.
    static func spotFunds(_ symbol: String, state: State) -> [String: SimSpotFunds] {
        guard let pair = state.spotPairs[symbol] else { return [:] }
        var funds: [String: SimSpotFunds] = [:]
        for currency in [pair.base, pair.quote] {
            funds[currency] = SimSpotFunds(total: state.spot.total(currency), hold: state.spot.hold(currency, pairs: state.spotPairs))
        }
        return funds
    }

    /// One `account.balance` event per currency whose funds changed since `before`: `trade.setted`
    /// when a trade settled, else `trade.hold` (funds held or released).
    static func spotBalanceEvents(_ symbol: String, before: [String: SimSpotFunds], orderID: String, tradeID: String?,
                                  state: inout State, time: Int64, frames: inout [PrivateFrame]) {
        let after = spotFunds(symbol, state: state)
        for currency in after.keys.sorted() {
            guard let now = after[currency], let then = before[currency], now != then else { continue }
            let availableChange = (now.total - now.hold) - (then.total - then.hold)
            let event = now.total != then.total ? "trade.setted" : "trade.hold"
            frames.append(PrivateFrame(topic: "/account/balance", frame: KuCoinSpotWire.balanceChange(
                currency: currency, total: now.total, hold: now.hold, availableChange: availableChange, holdChange: now.hold - then.hold,
                symbol: symbol, orderID: orderID, tradeID: now.total != then.total ? tradeID : nil, event: event,
                eventID: state.spot.newEventID(), time: time)))
        }
    }
}
