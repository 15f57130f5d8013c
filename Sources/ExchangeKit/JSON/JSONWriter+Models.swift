import Foundation

// The fields of each normalized model in the runner's JSON lines (DESIGN.md "The
// runner's JSON lines"): snake_case keys, money and sizes as exact decimal strings,
// times in nanoseconds. Written into an object the caller has opened, so the same
// fields serve stream events and REST results.

extension JSONWriter {
    /// A trade's fields: price, size, side, trade_id [maker_order_id, taker_order_id, sequence].
    public mutating func fields(of trade: Trade) {
        field("price", trade.price)
        field("size", trade.size)
        field("side", trade.side.rawValue)
        field("trade_id", ifPresent: trade.id)
        field("maker_order_id", ifPresent: trade.makerOrder)
        field("taker_order_id", ifPresent: trade.takerOrder)
        field("sequence", ifPresent: trade.sequence)
    }

    /// A ticker's fields: bid, bid_size, ask, ask_size [last, last_size, sequence].
    public mutating func fields(of ticker: Ticker) {
        field("bid", ticker.bid)
        field("bid_size", ticker.bidSize)
        field("ask", ticker.ask)
        field("ask_size", ticker.askSize)
        field("last", ifPresent: ticker.last)
        field("last_size", ifPresent: ticker.lastSize)
        field("sequence", ifPresent: ticker.sequence)
    }

    /// A book update's fields: action, bids, asks, sequence [depth].
    public mutating func fields(of update: BookUpdate) {
        field("action", update.action.rawValue)
        levels("bids", update.bids)
        levels("asks", update.asks)
        field("sequence", update.sequence)
        field("depth", ifPresent: update.depth)
    }

    /// A snapshot's fields: bids, asks, sequence.
    public mutating func fields(of snapshot: OrderBookSnapshot) {
        levels("bids", snapshot.bids)
        levels("asks", snapshot.asks)
        field("sequence", snapshot.sequence)
    }

    /// Writes `"name":[["price","size"],…]`.
    public mutating func levels(_ name: StaticString, _ levels: [PriceLevel]) {
        key(name)
        arrayStart()
        for level in levels {
            arrayStart()
            value(level.price)
            value(level.size)
            arrayEnd()
        }
        arrayEnd()
    }

    /// An order's fields: order_id, client_order_id, side, status, filled_size [type, price, size, …].
    public mutating func fields(of order: Order) {
        field("order_id", order.orderID)
        field("client_order_id", ifPresent: order.clientOrderID)
        field("side", order.side.rawValue)
        field("status", order.status.rawValue)
        field("filled_size", order.filledSize)
        field("type", order.type.rawValue)
        field("price", ifPresent: order.price)
        field("size", order.size)
        field("average_fill_price", ifPresent: order.averageFillPrice)
        field("stop_price", ifPresent: order.stopPrice)
        field("time_in_force", ifPresent: order.timeInForce?.rawValue)
        if order.reduceOnly { field("reduce_only", true) }
        if order.postOnly { field("post_only", true) }
        field("leverage", ifPresent: order.leverage)
        field("created_ts", ifPresent: order.createdAt)
        field("updated_ts", ifPresent: order.updatedAt)
    }

    /// An order event's fields: the order's, and fill_price, fill_size, trade_id, fee, liquidity when it traded.
    public mutating func fields(of update: OrderUpdate) {
        fields(of: update.order)
        field("fill_price", ifPresent: update.fillPrice)
        field("fill_size", ifPresent: update.fillSize)
        field("trade_id", ifPresent: update.tradeID)
        field("fee", ifPresent: update.fee)
        field("liquidity", ifPresent: update.liquidity?.rawValue)
    }

    /// A position's fields: size (signed), entry_price [mark_price, unrealized_pnl, …].
    public mutating func fields(of position: Position) {
        field("size", position.size)
        field("entry_price", position.entryPrice)
        field("mark_price", ifPresent: position.markPrice)
        field("unrealized_pnl", ifPresent: position.unrealizedPnL)
        field("realized_pnl", ifPresent: position.realizedPnL)
        field("leverage", ifPresent: position.leverage)
        field("liquidation_price", ifPresent: position.liquidationPrice)
        field("margin_mode", ifPresent: position.marginMode?.rawValue)
        field("settle_currency", ifPresent: position.settleCurrency)
    }

    /// A balance's fields: currency, available [total, hold].
    public mutating func fields(of balance: Balance) {
        field("currency", balance.currency)
        field("available", balance.available)
        field("total", ifPresent: balance.total)
        field("hold", ifPresent: balance.hold)
    }

    /// A candle's fields: interval, open, high, low, close, volume, start [quote_volume].
    public mutating func fields(of candle: Candle) {
        field("interval", Self.intervalText(candle.interval))
        field("open", candle.open)
        field("high", candle.high)
        field("low", candle.low)
        field("close", candle.close)
        field("volume", candle.volume)
        field("quote_volume", ifPresent: candle.quoteVolume)
        field("start", candle.start)
    }

    /// A mark price's fields: value [index_price].
    public mutating func fields(of mark: MarkPrice) {
        field("value", mark.value)
        field("index_price", ifPresent: mark.indexPrice)
    }

    /// A funding rate's fields: value [next_funding_ts, predicted_value].
    public mutating func fields(of funding: FundingRate) {
        field("value", funding.rate)
        field("next_funding_ts", ifPresent: funding.nextFundingTime)
        field("predicted_value", ifPresent: funding.predictedRate)
    }

    /// An instrument's fields.
    public mutating func fields(of instrument: Instrument) {
        field("symbol", instrument.symbol)
        field("instrument_kind", instrument.kind.rawValue)
        field("base", instrument.base)
        field("quote", instrument.quote)
        field("settle", instrument.settle)
        field("multiplier", instrument.multiplier)
        field("inverse", instrument.isInverse)
        field("tick_size", instrument.tickSize)
        field("lot_size", instrument.lotSize)
        field("min_size", instrument.minSize)
        field("max_size", ifPresent: instrument.maxSize)
        field("min_notional", ifPresent: instrument.minNotional)
        field("trading", instrument.isTrading)
    }

    /// A fill's fields.
    public mutating func fields(of fill: Fill) {
        field("trade_id", fill.tradeID)
        field("order_id", fill.orderID)
        field("client_order_id", ifPresent: fill.clientOrderID)
        field("side", fill.side.rawValue)
        field("price", fill.price)
        field("size", fill.size)
        field("fee", fill.fee)
        field("fee_currency", ifPresent: fill.feeCurrency)
        field("liquidity", ifPresent: fill.liquidity?.rawValue)
    }

    /// An order acknowledgement's fields: order_id, client_order_id.
    public mutating func fields(of ack: OrderAck) {
        field("order_id", ack.orderID)
        field("client_order_id", ack.clientOrderID)
    }

    /// A bar length as the venues write it: `1m`, `4h`, `1d`, else seconds (`90s`).
    public static func intervalText(_ interval: Duration) -> String {
        let seconds = interval.components.seconds
        if seconds > 0, seconds % 604_800 == 0 { return "\(seconds / 604_800)w" }
        if seconds > 0, seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds > 0, seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
