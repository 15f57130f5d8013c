import ExchangeKit
import Foundation

/// The one spot trading account a simulator serves (KuCoin's `trade` account, apart from the
/// futures wallet): funds per currency, HF orders and fills, exact to the last decimal.
///
/// Only totals are stored; what is held follows from the active orders, as KuCoin holds it: a
/// resting buy holds its remaining value plus the fee at the taker rate (KuCoin's
/// `account.balance` sample holds 0.5005 USDT for a 0.5 USDT order at 0.1 %), a resting sell its
/// remaining base amount. Fees are charged in the quote currency (the pairs' `feeCurrency`).
struct SimSpotAccount: Sendable {
    var totals: [String: Decimal]
    var orders: [String: SimSpotOrder] = [:]
    var orderIDsByClientOid: [String: String] = [:]
    /// Every fill, oldest first (the last 10,000).
    var fills: [SimFill] = []
    var nextOrder: UInt64 = 0x6720_0000_0000_0000
    var nextTrade: Int64 = 11_000_000_000_000_000
    var nextFill: Int64 = 19_800_000_000_000
    var nextEvent: Int64 = 354_000_000_000_000

    /// KuCoin's VIP0 spot rates: 0.1 % for makers and takers alike.
    static let makerFeeRate = Decimal(string: "0.001")!
    static let takerFeeRate = Decimal(string: "0.001")!

    init(totals: [String: Decimal]) { self.totals = totals }

    mutating func newOrderID() -> String {
        nextOrder += 1
        return KuCoinWire.hex24(nextOrder)
    }

    mutating func newEventID() -> String {
        nextEvent += 1
        return String(nextEvent)
    }

    func total(_ currency: String) -> Decimal { totals[currency] ?? 0 }

    /// What the active orders hold of a currency.
    func hold(_ currency: String, pairs: [String: SimContract]) -> Decimal {
        orders.values.reduce(Decimal(0)) { held, order in
            guard order.isActive, let pair = pairs[order.symbol] else { return held }
            switch order.side {
            case .buy where pair.quote == currency:
                guard let price = order.price else { return held }
                return held + pair.value(ticks: price, lots: order.remaining) * (1 + Self.takerFeeRate)
            case .sell where pair.base == currency:
                return held + Decimal(order.remaining) * pair.multiplierValue
            default:
                return held
            }
        }
    }

    func available(_ currency: String, pairs: [String: SimContract]) -> Decimal { total(currency) - hold(currency, pairs: pairs) }

    /// Settles one fill: the base amount one way, its value and the fee (in quote) the other.
    mutating func apply(_ order: inout SimSpotOrder, ticks: Int64, lots: Int64, liquidity: String, counterOrderID: String,
                        pair: SimContract, time: Int64) -> SimFill {
        let value = pair.value(ticks: ticks, lots: lots)
        let feeRate = liquidity == "maker" ? Self.makerFeeRate : Self.takerFeeRate
        let fee = value * feeRate
        let amount = Decimal(lots) * pair.multiplierValue
        if order.side == .buy {
            totals[pair.base, default: 0] += amount
            totals[pair.quote, default: 0] -= value + fee
        } else {
            totals[pair.base, default: 0] -= amount
            totals[pair.quote, default: 0] += value - fee
        }
        order.filled += lots
        order.dealFunds += value
        order.fee += fee
        order.updatedAt = time
        nextFill += 1
        nextTrade += 1
        let fill = SimFill(tradeID: String(nextTrade), orderID: order.id, symbol: order.symbol, side: order.side, price: ticks, lots: lots,
                           value: value, fee: fee, feeRate: feeRate, liquidity: liquidity, orderType: order.kind, time: time,
                           counterOrderID: counterOrderID, fillID: nextFill)
        fills.append(fill)
        if fills.count > 10_000 { fills.removeFirst(fills.count - 10_000) }
        return fill
    }
}

/// One of the spot account's HF orders (prices in ticks, sizes in lots of the base increment).
struct SimSpotOrder: Sendable {
    var id: String
    var clientOid: String
    var symbol: String
    var side: SimSide
    var kind: SimOrder.Kind
    /// Limit price in ticks; nil for market orders.
    var price: Int64?
    /// Size in lots; nil for a market order sized by funds.
    var size: Int64?
    /// Quote funds of a market order sized by funds.
    var funds: Decimal?
    var timeInForce: SimOrder.TimeInForce
    var postOnly: Bool
    var filled: Int64 = 0
    var canceled: Int64 = 0
    /// Quote value dealt so far, and the fees paid on it.
    var dealFunds: Decimal = 0
    var fee: Decimal = 0
    var createdAt: Int64
    var updatedAt: Int64
    var isActive = true

    /// Lots still to fill (a funds order is never resting, so it has none once executed).
    var remaining: Int64 { size.map { $0 - filled - canceled } ?? 0 }
}
