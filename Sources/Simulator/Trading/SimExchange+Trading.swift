import ExchangeKit
import Foundation

/// A private stream frame and the one topic it goes out on.
struct PrivateFrame: Sendable {
    var topic: String
    var frame: String
}

/// What an order request was answered with.
struct SimAnswer: Sendable {
    var data: String?
    var code: String
    var message: String

    static func ok(_ data: String) -> SimAnswer { SimAnswer(data: data, code: "200000", message: "") }
    static func refuse(_ code: String, _ message: String) -> SimAnswer { SimAnswer(data: nil, code: code, message: message) }
}

extension SimExchange {
    // MARK: - Placing

    /// `POST /api/v1/orders` (or `/orders/test` when `validateOnly`): checks, then matches against
    /// the book at once; what does not fill rests (limit, GTC) or is cancelled (market, IOC, FOK).
    func place(_ body: [String: Any], validateOnly: Bool) -> SimAnswer {
        placing(validateOnly: validateOnly, ids: { ($0.id, $0.clientOid) }, parse: { Self.parseOrder(body, state: &$0, time: $1) }) { request, state, time, events, frames in
            state.account.orders[request.id] = request
            state.account.orderIDsByClientOid[request.clientOid] = request.id
            if request.stop != nil {
                frames.append(PrivateFrame(topic: "/contractMarket/advancedOrders",
                                           frame: KuCoinWire.stopOrder(request, type: "open", contract: state.contracts[request.symbol]!, time: time)))
            } else {
                Self.execute(request.id, state: &state, time: time, events: &events, frames: &frames)
            }
        }
    }

    /// An order placement under the lock: parse (a refusal is the answer), then, unless only
    /// validating, run it and send what it caused; the answer is `{orderId, clientOid}`.
    func placing<Request>(validateOnly: Bool, ids: (Request) -> (order: String, client: String),
                          parse: (inout State, Int64) -> Result<Request, SimAnswerError>,
                          run: (Request, inout State, Int64, inout [MarketEvent], inout [PrivateFrame]) -> Void) -> SimAnswer {
        let time = Timestamp.now().nanoseconds
        return state.withLock { state in
            let request: Request
            switch parse(&state, time) {
            case .success(let parsed): request = parsed
            case .failure(let refusal): return refusal.answer
            }
            let (orderID, clientOid) = ids(request)
            let answer = SimAnswer.ok(#"{"orderId":"\#(orderID)","clientOid":"\#(clientOid)"}"#)
            if validateOnly { return answer }
            var events: [MarketEvent] = []
            var frames: [PrivateFrame] = []
            run(request, &state, time, &events, &frames)
            Self.publish(events, in: &state)
            Self.deliver(frames, in: &state)
            return answer
        }
    }

    /// A decimal member of an order body, sent as a string or a number; nil when absent or not a decimal.
    static func decimal(_ body: [String: Any], _ key: String) -> Decimal? {
        if let text = body[key] as? String { return try? DecimalParser.parse(text) }
        if let number = body[key] as? NSNumber { return try? DecimalParser.parse(number.stringValue) }
        return nil
    }

    static func parseOrder(_ body: [String: Any], state: inout State, time: Int64) -> Result<SimOrder, SimAnswerError> {
        func refuse(_ code: String, _ message: String) -> Result<SimOrder, SimAnswerError> { .failure(SimAnswerError(answer: .refuse(code, message))) }
        func decimal(_ key: String) -> Decimal? { Self.decimal(body, key) }
        guard let symbol = body["symbol"] as? String, let contract = state.contracts[symbol] else { return refuse("400100", "symbol is invalid") }
        let closing = body["closeOrder"] as? Bool == true
        let held = state.account.position(symbol).quantity
        if closing && held == 0 { return refuse("300009", "no position to close") }
        // closeOrder takes side and size from the position.
        let sideText = closing ? (held > 0 ? "sell" : "buy") : body["side"] as? String
        guard let sideText, let side = SimSide(rawValue: sideText) else { return refuse("400100", "side must be buy or sell") }
        let kind = SimOrder.Kind(rawValue: body["type"] as? String ?? "limit")
        guard let kind else { return refuse("400100", "type must be limit or market") }
        guard let size = closing ? Decimal(abs(held)) : decimal("size"), size > 0, size.isWholeNumber, size <= 1_000_000 else {
            return refuse("400100", "size must be a whole number of lots from 1 to 1000000")
        }
        var price: Int64?
        if kind == .limit {
            guard let value = decimal("price"), let ticks = contract.ticks(value) else {
                return refuse("400100", "price must be a positive multiple of the tick size \(contract.tickSize)")
            }
            price = ticks
        }
        let leverage = decimal("leverage") ?? 1
        guard leverage > 0 else { return refuse("400100", "leverage must be positive") }
        guard leverage <= 100 else { return refuse("300016", "leverage is too high") }
        let timeInForce = SimOrder.TimeInForce(rawValue: body["timeInForce"] as? String ?? "GTC")
        guard let timeInForce else { return refuse("400100", "timeInForce must be GTC, IOC or FOK") }
        let clientOid = (body["clientOid"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString.replacingOccurrences(of: "-", with: "")
        guard clientOid.count <= 40 else { return refuse("400100", "clientOid is longer than 40 characters") }
        guard state.account.orderIDsByClientOid[clientOid] == nil else { return refuse("300018", "clientOid duplicated") }
        var stop: String?
        var stopPrice: Int64?
        if let direction = body["stop"] as? String, !direction.isEmpty {
            guard direction == "up" || direction == "down" else { return refuse("400100", "stop must be up or down") }
            guard let value = decimal("stopPrice"), let ticks = contract.ticks(value) else { return refuse("400100", "stopPrice is invalid") }
            stop = direction
            stopPrice = ticks
        }
        let lots = NSDecimalNumber(decimal: size).int64Value
        let reduceOnly = closing || body["reduceOnly"] as? Bool ?? false
        if reduceOnly {
            let position = state.account.position(symbol).quantity
            if position == 0 || (position > 0) == (side == .buy) || lots > abs(position) {
                return refuse("300009", "reduce-only order would open or increase a position")
            }
        }
        let market = state.markets[symbol]!
        let reference = price ?? (side == .buy ? market.bestAsk?.ticks : market.bestBid?.ticks) ?? market.mid
        let margin = contract.decimal(ticks: reference) * size * contract.multiplierValue / leverage
        if !reduceOnly, margin > state.account.available(contracts: state.contracts) { return refuse("300003", "Balance insufficient") }
        let order = SimOrder(id: state.account.newOrderID(), clientOid: clientOid, symbol: symbol, side: side, kind: kind, price: price, size: lots,
                             timeInForce: timeInForce, postOnly: body["postOnly"] as? Bool ?? false, reduceOnly: reduceOnly, leverage: leverage,
                             stop: stop, stopPrice: stopPrice, stopPriceType: stop == nil ? nil : (body["stopPriceType"] as? String ?? "TP"),
                             createdAt: time, updatedAt: time)
        return .success(order)
    }

    /// Matches an order against the book as a taker; rests or cancels the rest.
    static func execute(_ id: String, state: inout State, time: Int64, events: inout [MarketEvent], frames: inout [PrivateFrame]) {
        guard var order = state.account.orders[id], var market = state.markets[order.symbol] else { return }
        let contract = market.contract
        var fills: [SimFill] = []
        let taken = market.takerPass(order.side, lots: order.remaining, limit: order.price, postOnly: order.postOnly,
                                     fillOrKill: order.timeInForce == .fillOrKill, time: time, into: &events)
        for (ticks, lots, _) in taken ?? [] {
            let fill = state.account.apply(order: order, ticks: ticks, lots: lots, liquidity: "taker", contract: contract, time: time)
            order.filled += lots
            order.filledValue += fill.value
            fills.append(fill)
        }
        order.finishTakerPass(traded: taken != nil, time: time)
        state.markets[order.symbol] = market
        state.account.orders[id] = order
        if fills.isEmpty && order.isActive { orderEvent(order, type: "open", match: nil, state: state, time: time, frames: &frames) }
        for fill in fills {
            var snapshot = order
            snapshot.filled = 0
            snapshot.canceled = 0
            snapshot.isActive = true
            // Each match event reports the order as it stood after that fill.
            snapshot.filled = fills.prefix { $0.tradeID != fill.tradeID }.reduce(fill.lots) { $0 + $1.lots }
            snapshot.isActive = snapshot.filled < order.size
            orderEvent(snapshot, type: "match", match: fill, state: state, time: time, frames: &frames)
        }
        if !order.isActive {
            orderEvent(order, type: order.filled == order.size ? "filled" : "canceled", match: nil, state: state, time: time, frames: &frames)
        }
        if !fills.isEmpty { positionEvent(order.symbol, state: state, time: time, frames: &frames) }
        walletEvent(state: state, time: time, frames: &frames)
    }

    /// Fills resting orders the market's trades reached (as makers), then triggers and runs stops.
    static func matchResting(against trades: [MarketEvent], state: inout State, time: Int64, events: inout [MarketEvent], frames: inout [PrivateFrame]) {
        var touched: Set<String> = []
        for event in trades {
            guard case .trade(let symbol, let takerSide, let ticks, let lots, _, _) = event else { continue }
            var left = lots
            let candidates = state.account.orders.values.filter { order in
                guard order.isActive, order.symbol == symbol, !order.isUntriggeredStop, let price = order.price, order.side != takerSide else { return false }
                return takerSide == .buy ? price <= ticks : price >= ticks
            }.sorted { lhs, rhs in
                // Price, then time priority.
                if lhs.price != rhs.price { return takerSide == .buy ? lhs.price! < rhs.price! : lhs.price! > rhs.price! }
                return lhs.createdAt < rhs.createdAt
            }
            for candidate in candidates where left > 0 {
                var order = candidate
                let taken = min(left, order.remaining)
                left -= taken
                let fill = state.account.apply(order: order, ticks: order.price!, lots: taken, liquidity: "maker", contract: state.contracts[symbol]!, time: time)
                order.filled += taken
                order.filledValue += fill.value
                order.isActive = order.remaining > 0
                order.updatedAt = time
                state.account.orders[order.id] = order
                orderEvent(order, type: "match", match: fill, state: state, time: time, frames: &frames)
                if !order.isActive { orderEvent(order, type: "filled", match: nil, state: state, time: time, frames: &frames) }
                touched.insert(symbol)
            }
        }
        for symbol in touched { positionEvent(symbol, state: state, time: time, frames: &frames) }
        if !touched.isEmpty { walletEvent(state: state, time: time, frames: &frames) }

        // Stops whose trigger the last trade crossed become ordinary orders, matched now.
        let triggered = state.account.orders.values.filter { order in
            guard order.isUntriggeredStop, let stopPrice = order.stopPrice, let last = state.markets[order.symbol]?.lastTradeTicks else { return false }
            return order.stop == "up" ? last >= stopPrice : last <= stopPrice
        }.sorted { $0.createdAt < $1.createdAt }
        for var order in triggered {
            order.stopTriggered = true
            state.account.orders[order.id] = order
            frames.append(PrivateFrame(topic: "/contractMarket/advancedOrders",
                                       frame: KuCoinWire.stopOrder(order, type: "triggered", contract: state.contracts[order.symbol]!, time: time)))
            execute(order.id, state: &state, time: time, events: &events, frames: &frames)
        }
    }

    // MARK: - Cancelling

    /// Cancels an active order (or untriggered stop); nil when there is none to cancel.
    static func cancel(_ id: String, state: inout State, time: Int64, frames: inout [PrivateFrame]) -> String? {
        guard var order = state.account.orders[id], order.isActive else { return nil }
        let wasStop = order.isUntriggeredStop
        order.canceled = order.remaining
        order.isActive = false
        order.updatedAt = time
        state.account.orders[id] = order
        let contract = state.contracts[order.symbol]!
        if wasStop {
            frames.append(PrivateFrame(topic: "/contractMarket/advancedOrders", frame: KuCoinWire.stopOrder(order, type: "cancel", contract: contract, time: time)))
        } else {
            orderEvent(order, type: "canceled", match: nil, state: state, time: time, frames: &frames)
        }
        walletEvent(state: state, time: time, frames: &frames)
        return id
    }

    /// Cancels orders chosen by `which`; returns their ids.
    func cancel(where which: (SimOrder) -> Bool) -> [String] {
        let time = Timestamp.now().nanoseconds
        return state.withLock { state in
            var frames: [PrivateFrame] = []
            let ids = state.account.orders.values.filter { $0.isActive && which($0) }.sorted { $0.createdAt < $1.createdAt }.compactMap {
                Self.cancel($0.id, state: &state, time: time, frames: &frames)
            }
            Self.deliver(frames, in: &state)
            return ids
        }
    }

    // MARK: - Private events

    static func orderEvent(_ order: SimOrder, type: String, match: SimFill?, state: State, time: Int64, frames: inout [PrivateFrame]) {
        let contract = state.contracts[order.symbol]!
        for topic in ["/contractMarket/tradeOrders", "/contractMarket/tradeOrders:\(order.symbol)"] {
            frames.append(PrivateFrame(topic: topic, frame: KuCoinWire.orderChange(order, type: type, match: match, contract: contract, topic: topic, time: time)))
        }
    }

    static func positionEvent(_ symbol: String, state: State, time: Int64, frames: inout [PrivateFrame]) {
        guard let market = state.markets[symbol] else { return }
        let position = state.account.position(symbol)
        for topic in ["/contract/position:\(symbol)", "/contract/positionAll"] {
            frames.append(PrivateFrame(topic: topic, frame: KuCoinWire.positionChange(position, market: market, topic: topic, time: time)))
        }
    }

    static func walletEvent(state: State, time: Int64, frames: inout [PrivateFrame]) {
        let account = state.account
        frames.append(PrivateFrame(topic: "/contractAccount/wallet", frame: KuCoinWire.walletChange(
            wallet: account.wallet, available: account.available(contracts: state.contracts),
            orderMargin: account.orderMargin(contracts: state.contracts), positionMargin: account.positionMargin(contracts: state.contracts),
            version: account.walletVersion, time: time)))
    }
}

/// A refusal carried through `Result`.
struct SimAnswerError: Error {
    var answer: SimAnswer
}
