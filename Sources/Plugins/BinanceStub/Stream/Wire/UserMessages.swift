import ExchangeKit
import Foundation

/// The user-data-stream payloads (PROTOCOL.md §12).
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams
enum UserMessages {
    /// `ORDER_TRADE_UPDATE` → an order update; the fill fields only when the execution type is `TRADE`.
    ///
    /// `{"e":"ORDER_TRADE_UPDATE","E":…,"T":…,"o":{"s":"BTCUSDT","c":"TEST","S":"SELL","o":"TRAILING_STOP_MARKET","f":"GTC","q":"0.001",
    /// "p":"0","ap":"0","sp":"7103.04","x":"NEW","X":"NEW","i":8886774,"l":"0","z":"0","L":"0","n":"0","t":0,"m":false,"R":false,…}}`
    static func orderTradeUpdate(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var update: OrderUpdate?, time: Timestamp?
        try r.openObject("ORDER_TRADE_UPDATE")
        while let key = try r.fieldKey() {
            if key == "T" { time = try r.millisecondsField("T") }
            else if key == "o" { update = try order(&r) }
            else { try r.skipField() }
        }
        guard var update else { throw .missing("o", in: "ORDER_TRADE_UPDATE") }
        update.timestamp = update.timestamp ?? time
        update.order.updatedAt = time ?? update.timestamp
        output.append(.event(symbol: update.order.symbol, exchangeTime: update.order.updatedAt, payload: .order(update)))
    }

    private static func order(_ r: inout JSONReader) throws(BinanceWireError) -> OrderUpdate {
        var symbol: String?, client: String?, side: Side?, type: String?, timeInForce: String?, execution: String?, status: String?
        var size: DecimalComponents?, price: DecimalComponents?, average: DecimalComponents?, stop: DecimalComponents?
        var filled: DecimalComponents?, lastSize: DecimalComponents?, lastPrice: DecimalComponents?, fee: DecimalComponents?
        var orderID: Int64?, tradeID: Int64?, maker: Bool?, reduceOnly = false, time: Timestamp?
        try r.openObject("o")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "c" { client = try r.textField("c") }
            else if key == "S" { side = try r.sideField("S") }
            else if key == "o" { type = try r.textField("o") }
            else if key == "f" { timeInForce = try r.textField("f") }
            else if key == "q" { size = try r.decimalField("q") }
            else if key == "p" { price = try r.decimalField("p") }
            else if key == "ap" { average = try r.decimalField("ap") }
            else if key == "sp" { stop = try r.decimalField("sp") }
            else if key == "x" { execution = try r.textField("x") }
            else if key == "X" { status = try r.textField("X") }
            else if key == "i" { orderID = try r.integerField("i") }
            else if key == "l" { lastSize = try r.decimalField("l") }
            else if key == "z" { filled = try r.decimalField("z") }
            else if key == "L" { lastPrice = try r.decimalField("L") }
            else if key == "n" { fee = try r.decimalField("n") }
            else if key == "T" { time = try r.millisecondsField("T") }
            else if key == "t" { tradeID = try r.integerField("t") }
            else if key == "m" { maker = try r.flagField("m") }
            else if key == "R" { reduceOnly = try r.flagField("R") }
            else { try r.skipField() }
        }
        guard let symbol else { throw .missing("s", in: "ORDER_TRADE_UPDATE") }
        guard let side else { throw .missing("S", in: "ORDER_TRADE_UPDATE") }
        guard let orderID else { throw .missing("i", in: "ORDER_TRADE_UPDATE") }
        guard let type, let status, let size, let filled else { throw BinanceWireError("ORDER_TRADE_UPDATE: missing one of o, X, q, z") }
        let orderType: OrderType, orderStatus: Order.Status
        do {
            orderType = try BinanceVocabulary.orderType(type)
            orderStatus = try BinanceVocabulary.status(status)
        } catch {
            throw BinanceWireError("ORDER_TRADE_UPDATE: \(error.message)")
        }
        let order = Order(orderID: String(orderID), clientOrderID: client, symbol: symbol, side: side, type: orderType, status: orderStatus,
                          price: BinanceVocabulary.nonZero(price?.decimal), size: size.decimal, filledSize: filled.decimal,
                          averageFillPrice: BinanceVocabulary.nonZero(average?.decimal), stopPrice: BinanceVocabulary.nonZero(stop?.decimal),
                          timeInForce: timeInForce.flatMap(TimeInForce.init(rawValue:)), reduceOnly: reduceOnly, postOnly: timeInForce == "GTX")
        guard execution == "TRADE" else { return OrderUpdate(order: order, timestamp: time) }
        return OrderUpdate(order: order, fillPrice: lastPrice?.decimal, fillSize: lastSize?.decimal, tradeID: tradeID.map { String($0) },
                           fee: fee?.decimal, liquidity: maker.map { $0 ? .maker : .taker }, timestamp: time)
    }

    /// `ACCOUNT_UPDATE` → a balance per changed asset (`a.B`) and a position per changed row (`a.P`).
    ///
    /// A balance's `total` is the wallet balance `wb`; `available` is the cross wallet balance `cw`,
    /// what cross positions may draw on (the event carries no available-for-order figure).
    static func accountUpdate(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var time: Timestamp?
        var balances: [Balance] = [], positions: [Position] = []
        var sawAccount = false
        try r.openObject("ACCOUNT_UPDATE")
        while let key = try r.fieldKey() {
            if key == "T" { time = try r.millisecondsField("T") }
            else if key == "a" {
                sawAccount = true
                try r.openObject("a")
                while let inner = try r.fieldKey() {
                    if inner == "B" {
                        try r.openArray("B")
                        while try r.moreElements("B") { balances.append(try balance(&r)) }
                    } else if inner == "P" {
                        try r.openArray("P")
                        while try r.moreElements("P") { positions.append(try position(&r)) }
                    } else { try r.skipField() }
                }
            } else { try r.skipField() }
        }
        // Without its `a` object the update says nothing: a failure, not silence.
        guard sawAccount else { throw .missing("a", in: "ACCOUNT_UPDATE") }
        for var balance in balances {
            balance.timestamp = time
            output.append(.event(symbol: nil, exchangeTime: time, payload: .balance(balance)))
        }
        for var position in positions {
            position.timestamp = time
            output.append(.event(symbol: position.symbol, exchangeTime: time, payload: .position(position)))
        }
    }

    private static func balance(_ r: inout JSONReader) throws(BinanceWireError) -> Balance {
        var asset: String?, wallet: DecimalComponents?, cross: DecimalComponents?
        try r.openObject("B")
        while let key = try r.fieldKey() {
            if key == "a" { asset = try r.textField("a") }
            else if key == "wb" { wallet = try r.decimalField("wb") }
            else if key == "cw" { cross = try r.decimalField("cw") }
            else { try r.skipField() }
        }
        guard let asset, let wallet, let cross else { throw BinanceWireError("ACCOUNT_UPDATE: a balance lacks a, wb or cw") }
        return Balance(currency: asset, available: cross.decimal, total: wallet.decimal)
    }

    private static func position(_ r: inout JSONReader) throws(BinanceWireError) -> Position {
        var symbol: String?, amount: DecimalComponents?, entry: DecimalComponents?, realized: DecimalComponents?
        var unrealized: DecimalComponents?, marginType: String?
        try r.openObject("P")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "pa" { amount = try r.decimalField("pa") }
            else if key == "ep" { entry = try r.decimalField("ep") }
            else if key == "cr" { realized = try r.decimalField("cr") }
            else if key == "up" { unrealized = try r.decimalField("up") }
            else if key == "mt" { marginType = try r.textField("mt") }
            else { try r.skipField() }
        }
        guard let symbol, let amount, let entry else { throw BinanceWireError("ACCOUNT_UPDATE: a position lacks s, pa or ep") }
        return Position(symbol: symbol, size: amount.decimal, entryPrice: entry.decimal, unrealizedPnL: unrealized?.decimal,
                        realizedPnL: realized?.decimal, marginMode: marginType.flatMap { MarginMode(rawValue: $0.lowercased()) })
    }

    /// `ACCOUNT_CONFIG_UPDATE` → with `ac` a leverage patch of the symbol's position; with `ai` (multi-assets mode) unhandled.
    static func accountConfigUpdate(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var time: Timestamp?, symbol: String?, leverage: Int64?, sawMultiAssets = false
        try r.openObject("ACCOUNT_CONFIG_UPDATE")
        while let key = try r.fieldKey() {
            if key == "T" { time = try r.millisecondsField("T") }
            else if key == "ac" {
                try r.openObject("ac")
                while let inner = try r.fieldKey() {
                    if inner == "s" { symbol = try r.textField("s") }
                    else if inner == "l" { leverage = try r.integerField("l") }
                    else { try r.skipField() }
                }
            } else if key == "ai" {
                sawMultiAssets = true
                try r.skipField()
            } else { try r.skipField() }
        }
        if let symbol, let leverage {
            output.append(.positionPatch(PositionPatch(symbol: symbol, leverage: Decimal(leverage), timestamp: time)))
        } else if sawMultiAssets {
            output.append(.event(symbol: nil, exchangeTime: time, payload: .unhandled(topic: "ACCOUNT_CONFIG_UPDATE", subject: "ai")))
        } else {
            throw BinanceWireError("ACCOUNT_CONFIG_UPDATE: neither ac {s, l} nor ai")
        }
    }

    /// `TRADE_LITE` is checked and reported unhandled: it repeats, earlier and in short, the fill that the
    /// `ORDER_TRADE_UPDATE` with execution type `TRADE` carries in full — mapping both would count each fill twice.
    static func tradeLite(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        let fill = try TradeLite(&r)
        output.append(.event(symbol: fill.symbol, exchangeTime: fill.time, payload: .unhandled(topic: "TRADE_LITE", subject: fill.symbol)))
    }
}

/// A `TRADE_LITE` event's fill: `{"e":"TRADE_LITE","E":…,"T":1721895408214,"s":"BTCUSDT","q":"0.001","p":"0","m":false,
/// "c":"z8hcUoOsqEdKMeKPSABslD","S":"BUY","L":"64089.20","l":"0.040","t":109100866,"i":8886774}`.
struct TradeLite: Sendable, Hashable {
    var symbol: String
    var clientOrderID: String
    var orderID: Int64
    var tradeID: Int64
    var side: Side
    var price: Decimal
    var size: Decimal
    var isMaker: Bool
    var time: Timestamp?

    init(_ r: inout JSONReader) throws(BinanceWireError) {
        var symbol: String?, client: String?, orderID: Int64?, tradeID: Int64?, side: Side?
        var price: DecimalComponents?, size: DecimalComponents?, maker: Bool?, time: Timestamp?
        try r.openObject("TRADE_LITE")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "c" { client = try r.textField("c") }
            else if key == "i" { orderID = try r.integerField("i") }
            else if key == "t" { tradeID = try r.integerField("t") }
            else if key == "S" { side = try r.sideField("S") }
            else if key == "L" { price = try r.decimalField("L") }
            else if key == "l" { size = try r.decimalField("l") }
            else if key == "m" { maker = try r.flagField("m") }
            else if key == "T" { time = try r.millisecondsField("T") }
            else { try r.skipField() }
        }
        guard let symbol, let client, let orderID, let tradeID, let side, let price, let size, let maker else {
            throw BinanceWireError("TRADE_LITE: missing one of s, c, i, t, S, L, l, m")
        }
        self.symbol = symbol
        self.clientOrderID = client
        self.orderID = orderID
        self.tradeID = tradeID
        self.side = side
        self.price = price.decimal
        self.size = size.decimal
        self.isMaker = maker
        self.time = time
    }
}
