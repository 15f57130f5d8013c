import ExchangeKit
import Foundation

/// The market-stream payloads (PROTOCOL.md §10), each read in one pass over its keys.
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
enum MarketMessages {
    /// `aggTrade`: `{"e":"aggTrade","E":…,"s":"BTCUSDT","a":5933014,"p":"0.001","q":"100","f":100,"l":105,"T":123456785,"m":true}`
    /// → a trade whose side is the taker's (the buyer was the maker: the taker sold).
    static func aggTrade(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var symbol: String?, id: Int64?, price: DecimalComponents?, size: DecimalComponents?, time: Timestamp?, buyerIsMaker: Bool?
        try r.openObject("aggTrade")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "a" { id = try r.integerField("a") }
            else if key == "p" { price = try r.decimalField("p") }
            else if key == "q" { size = try r.decimalField("q") }
            else if key == "T" { time = try r.millisecondsField("T") }
            else if key == "m" { buyerIsMaker = try r.flagField("m") }
            else { try r.skipField() }
        }
        guard let symbol else { throw .missing("s", in: "aggTrade") }
        guard let id else { throw .missing("a", in: "aggTrade") }
        guard let price else { throw .missing("p", in: "aggTrade") }
        guard let size else { throw .missing("q", in: "aggTrade") }
        guard let buyerIsMaker else { throw .missing("m", in: "aggTrade") }
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .trade(Trade(
            symbol: symbol, price: price.decimal, size: size.decimal, side: buyerIsMaker ? .sell : .buy, tradeID: String(id),
            sequence: id, timestamp: time))))
    }

    /// `bookTicker`: `{"e":"bookTicker","u":400900217,"E":…,"T":…,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":…,"A":…}` → a ticker.
    static func bookTicker(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var symbol: String?, update: Int64?, time: Timestamp?
        var bid: DecimalComponents?, bidSize: DecimalComponents?, ask: DecimalComponents?, askSize: DecimalComponents?
        try r.openObject("bookTicker")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "u" { update = try r.integerField("u") }
            else if key == "T" { time = try r.millisecondsField("T") }
            else if key == "b" { bid = try r.decimalField("b") }
            else if key == "B" { bidSize = try r.decimalField("B") }
            else if key == "a" { ask = try r.decimalField("a") }
            else if key == "A" { askSize = try r.decimalField("A") }
            else { try r.skipField() }
        }
        guard let symbol else { throw .missing("s", in: "bookTicker") }
        guard let bid, let bidSize else { throw .missing("b", in: "bookTicker") }
        guard let ask, let askSize else { throw .missing("a", in: "bookTicker") }
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .ticker(Ticker(
            symbol: symbol, bid: bid.decimal, bidSize: bidSize.decimal, ask: ask.decimal, askSize: askSize.decimal, sequence: update, timestamp: time))))
    }

    /// `markPriceUpdate`: `{"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000","i":…,"r":"0.00038167","T":1562306400000}`
    /// → a mark price (`p`, index `i`, at `E`) and a funding rate (`r`, next funding `T`).
    static func markPrice(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var symbol: String?, time: Timestamp?, nextFunding: Timestamp?
        var mark: DecimalComponents?, index: DecimalComponents?, rate: DecimalComponents?
        try r.openObject("markPriceUpdate")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "E" { time = try r.millisecondsField("E") }
            else if key == "T" { nextFunding = try r.millisecondsField("T") }
            else if key == "p" { mark = try r.decimalField("p") }
            else if key == "i" { index = try r.decimalField("i") }
            else if key == "r" { rate = try r.decimalField("r") }
            else { try r.skipField() }
        }
        guard let symbol else { throw .missing("s", in: "markPriceUpdate") }
        guard let mark else { throw .missing("p", in: "markPriceUpdate") }
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .markPrice(MarkPrice(
            symbol: symbol, value: mark.decimal, indexPrice: index?.decimal, timestamp: time))))
        if let rate {
            output.append(.event(symbol: symbol, exchangeTime: time, payload: .fundingRate(FundingRate(
                symbol: symbol, rate: rate.decimal, timestamp: time, nextFundingTime: nextFunding))))
        }
    }

    /// `kline`: `{"e":"kline","E":…,"s":"BTCUSDT","k":{"t":1638747660000,"i":"1m","o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","q":"1.0000",…}}` → a candle.
    static func kline(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var symbol: String?, time: Timestamp?, candle: Candle?
        try r.openObject("kline")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "E" { time = try r.millisecondsField("E") }
            else if key == "k" { candle = try klineBody(&r) }
            else { try r.skipField() }
        }
        guard var candle else { throw .missing("k", in: "kline") }
        if let symbol { candle.symbol = symbol }
        output.append(.event(symbol: candle.symbol, exchangeTime: time, payload: .candle(candle)))
    }

    private static func klineBody(_ r: inout JSONReader) throws(BinanceWireError) -> Candle {
        var symbol: String?, start: Timestamp?, interval: String?, prices = CandleFields()
        try r.openObject("k")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "t" { start = try r.millisecondsField("t") }
            else if key == "i" { interval = try r.textField("i") }
            else if try !prices.read(key, from: &r) { try r.skipField() }
        }
        guard let symbol else { throw .missing("s", in: "kline") }
        guard let start else { throw .missing("t", in: "kline") }
        guard let interval else { throw .missing("i", in: "kline") }
        guard let length = BinanceVocabulary.interval(named: interval) else { throw BinanceWireError("kline: unknown interval \"\(interval)\"") }
        return try prices.candle(symbol: symbol, interval: length, start: start, event: "kline")
    }

    /// `24hrTicker` and `24hrMiniTicker`: `{"e":"24hrTicker","E":…,"s":"BTCUSDT","c":"0.0025","o":"0.0010","h":…,"l":…,"v":"10000","q":"18","O":0,…}`
    /// → a rolling 24-hour candle starting at `O` (`E` minus a day for the mini ticker, which has no `O`).
    static func dayTicker(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var symbol: String?, time: Timestamp?, start: Timestamp?, prices = CandleFields()
        try r.openObject("24hrTicker")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "E" { time = try r.millisecondsField("E") }
            else if key == "O" { start = try r.millisecondsField("O") }
            else if try !prices.read(key, from: &r) { try r.skipField() }
        }
        guard let symbol else { throw .missing("s", in: "24hrTicker") }
        guard let begin = start ?? time?.advanced(by: .seconds(-86_400)) else { throw .missing("E", in: "24hrTicker") }
        let candle = try prices.candle(symbol: symbol, interval: .seconds(86_400), start: begin, event: "24hrTicker")
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .candle(candle)))
    }

    /// `forceOrder`: `{"e":"forceOrder","E":…,"o":{"s":"BTCUSDT","S":"SELL","q":"0.014","p":"9910","ap":"9910","X":"FILLED","l":…,"z":"0.014","T":…}}`
    /// → a trade of the liquidation: its side, average price `ap` and filled quantity `z`, id `forceOrder:<T>`.
    static func forceOrder(_ r: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var trade: Trade?, time: Timestamp?
        try r.openObject("forceOrder")
        while let key = try r.fieldKey() {
            if key == "E" { time = try r.millisecondsField("E") }
            else if key == "o" { trade = try liquidation(&r) }
            else { try r.skipField() }
        }
        guard let trade else { throw .missing("o", in: "forceOrder") }
        output.append(.event(symbol: trade.symbol, exchangeTime: trade.timestamp ?? time, payload: .trade(trade)))
    }

    private static func liquidation(_ r: inout JSONReader) throws(BinanceWireError) -> Trade {
        var symbol: String?, side: Side?, price: DecimalComponents?, filled: DecimalComponents?, time: Timestamp?
        try r.openObject("o")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "S" { side = try r.sideField("S") }
            else if key == "ap" { price = try r.decimalField("ap") }
            else if key == "z" { filled = try r.decimalField("z") }
            else if key == "T" { time = try r.millisecondsField("T") }
            else { try r.skipField() }
        }
        guard let symbol else { throw .missing("s", in: "forceOrder") }
        guard let side else { throw .missing("S", in: "forceOrder") }
        guard let price else { throw .missing("ap", in: "forceOrder") }
        guard let filled else { throw .missing("z", in: "forceOrder") }
        guard let time else { throw .missing("T", in: "forceOrder") }
        return Trade(symbol: symbol, price: price.decimal, size: filled.decimal, side: side, tradeID: "forceOrder:\(time.milliseconds)", timestamp: time)
    }

    /// `depthUpdate`: `{"e":"depthUpdate","E":…,"T":…,"s":"BTCUSDT","U":157,"u":160,"pu":149,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}`
    /// → on a partial-depth stream a top-`depth` snapshot sequenced by `u`; on the diff stream a
    /// delta chained by `pu` for the book synchroniser.
    static func depth(_ r: inout JSONReader, partialDepth: Int?, into output: inout [StreamMessage]) throws(BinanceWireError) {
        var symbol: String?, time: Timestamp?, first: Int64?, last: Int64?, previous: Int64?
        var changes: [BookChange] = []
        try r.openObject("depthUpdate")
        while let key = try r.fieldKey() {
            if key == "s" { symbol = try r.textField("s") }
            else if key == "T" { time = try r.millisecondsField("T") }
            else if key == "U" { first = try r.integerField("U") }
            else if key == "u" { last = try r.integerField("u") }
            else if key == "pu" { previous = try r.integerField("pu") }
            else if key == "b" { try r.levelsField("b", side: .bid, into: &changes) }
            else if key == "a" { try r.levelsField("a", side: .ask, into: &changes) }
            else { try r.skipField() }
        }
        guard let symbol else { throw .missing("s", in: "depthUpdate") }
        guard let first else { throw .missing("U", in: "depthUpdate") }
        guard let last else { throw .missing("u", in: "depthUpdate") }
        if let partialDepth {
            let levels = { (side: BookSide) in changes.filter { $0.side == side }.map { PriceLevel(price: $0.price, size: $0.size) } }
            output.append(.event(symbol: symbol, exchangeTime: time, payload: .book(BookUpdate(
                symbol: symbol, action: .snapshot, bids: levels(.bid), asks: levels(.ask), sequence: last, depth: partialDepth, timestamp: time))))
            return
        }
        guard let previous else { throw .missing("pu", in: "depthUpdate") }
        output.append(.bookDelta(BookDelta(symbol: symbol, sequence: .chained(first: first, last: last, previous: previous), changes: changes,
                                           timestamp: time)))
    }
}
