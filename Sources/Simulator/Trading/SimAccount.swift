import ExchangeKit
import Foundation

/// The one account a simulator serves: a USDT wallet, positions, orders and fills, exact to the last decimal.
///
/// Fees and realised profit move the wallet; margin (entry value / leverage) is held for open
/// positions and resting orders, so `available` = wallet − position margin − order margin.
struct SimAccount: Sendable {
    var wallet: Decimal
    var positions: [String: SimPosition] = [:]
    var orders: [String: SimOrder] = [:]
    var orderIDsByClientOid: [String: String] = [:]
    var fills: [SimFill] = []
    var nextOrder: Int64 = 300_000_000_000_000_000
    var nextTrade: Int64 = 1_900_000_000_000
    var walletVersion: Int64 = 1
    /// Per-symbol settings: margin mode, risk-limit level, cross leverage.
    var settings: [String: SimSettings] = [:]

    static let makerFeeRate = Decimal(string: "0.0002")!
    static let takerFeeRate = Decimal(string: "0.0006")!

    init(wallet: Decimal) { self.wallet = wallet }

    mutating func newOrderID() -> String {
        nextOrder += 1
        return String(nextOrder)
    }

    mutating func newTradeID() -> String {
        nextTrade += 1
        return String(nextTrade)
    }

    func position(_ symbol: String) -> SimPosition { positions[symbol] ?? SimPosition(symbol: symbol) }

    func settings(_ symbol: String) -> SimSettings { settings[symbol] ?? SimSettings() }

    /// Whether the symbol has a position or active orders (margin mode cannot change then).
    func isBusy(_ symbol: String) -> Bool {
        position(symbol).quantity != 0 || orders.values.contains { $0.symbol == symbol && $0.isActive }
    }

    /// Margin held for open positions.
    func positionMargin(contracts: [String: SimContract]) -> Decimal {
        positions.values.reduce(Decimal(0)) { total, position in
            guard let contract = contracts[position.symbol], position.quantity != 0 else { return total }
            return total + Decimal(abs(position.quantity)) * position.entryPrice * contract.multiplierValue / position.leverage
        }
    }

    /// Margin held for resting orders (limit price × remaining lots / leverage).
    func orderMargin(contracts: [String: SimContract]) -> Decimal {
        orders.values.reduce(Decimal(0)) { total, order in
            guard order.isActive, let price = order.price, let contract = contracts[order.symbol] else { return total }
            return total + Decimal(order.remaining) * contract.decimal(ticks: price) * contract.multiplierValue / order.leverage
        }
    }

    func available(contracts: [String: SimContract]) -> Decimal {
        wallet - positionMargin(contracts: contracts) - orderMargin(contracts: contracts)
    }

    /// Applies one fill to the position and the wallet; returns the fill.
    mutating func apply(order: SimOrder, ticks: Int64, lots: Int64, liquidity: String, contract: SimContract, time: Int64) -> SimFill {
        let price = contract.decimal(ticks: ticks)
        let value = price * Decimal(lots) * contract.multiplierValue
        let feeRate = liquidity == "maker" ? Self.makerFeeRate : Self.takerFeeRate
        let fee = value * feeRate
        var position = position(order.symbol)
        let signed = order.side == .buy ? lots : -lots
        let old = position.quantity
        if old == 0 || (old > 0) == (signed > 0) {
            // Opening or adding: the entry price becomes the size-weighted average.
            let total = Decimal(abs(old)) * position.entryPrice + Decimal(lots) * price
            position.quantity = old + signed
            position.entryPrice = total / Decimal(abs(position.quantity))
            position.leverage = order.leverage
            if old == 0 { position.openedAt = time }
        } else {
            // Reducing (and maybe flipping): profit on the closed lots at the old entry price.
            let closed = min(abs(old), lots)
            let direction: Decimal = old > 0 ? 1 : -1
            let pnl = (price - position.entryPrice) * Decimal(closed) * contract.multiplierValue * direction
            position.realisedPnl += pnl
            wallet += pnl
            position.quantity = old + signed
            if position.quantity == 0 {
                position.entryPrice = 0
            } else if (position.quantity > 0) != (old > 0) {
                position.entryPrice = price
                position.leverage = order.leverage
                position.openedAt = time
            }
        }
        position.realisedPnl -= fee
        wallet -= fee
        walletVersion += 1
        positions[order.symbol] = position
        let fill = SimFill(tradeID: newTradeID(), orderID: order.id, symbol: order.symbol, side: order.side, price: ticks, lots: lots,
                           value: value, fee: fee, feeRate: feeRate, liquidity: liquidity, orderType: order.kind, time: time)
        fills.append(fill)
        if fills.count > 10_000 { fills.removeFirst(fills.count - 10_000) }
        return fill
    }
}

extension SimContract {
    /// Base currency per lot.
    var multiplierValue: Decimal { Decimal(string: multiplier)! }

    /// A price in ticks as a decimal.
    func decimal(ticks: Int64) -> Decimal { Decimal(sign: ticks < 0 ? .minus : .plus, exponent: -priceDecimals, significand: Decimal(abs(ticks))) }

    /// A decimal price in ticks, when it lies on the grid.
    func ticks(_ price: Decimal) -> Int64? { Self.units(price, decimals: priceDecimals) }

    /// A positive decimal in units of 10^-`decimals`, when it is a whole number of them (and not absurdly large).
    static func units(_ value: Decimal, decimals: Int) -> Int64? {
        let scaled = value * Decimal(sign: .plus, exponent: decimals, significand: 1)
        guard scaled.isWholeNumber, scaled > 0, scaled < 1_000_000_000_000 else { return nil }
        return NSDecimalNumber(decimal: scaled).int64Value
    }
}

/// A symbol's account settings.
struct SimSettings: Sendable {
    var marginMode = "ISOLATED"
    var riskLimitLevel = 1
    var crossLeverage: Decimal = 3

    /// The risk-limit levels every contract offers here (KuCoin's XBTUSDTM shape, simplified).
    static let riskLimitLevels: [(maxRiskLimit: Int, minRiskLimit: Int, maxLeverage: Int, initialMargin: String, maintainMargin: String)] = [
        (100_000, 0, 125, "0.008", "0.004"), (500_000, 100_000, 100, "0.01", "0.005"), (1_000_000, 500_000, 75, "0.0134", "0.0067"),
        (2_000_000, 1_000_000, 50, "0.02", "0.01"), (3_000_000, 2_000_000, 30, "0.0334", "0.0167"),
    ]
}
