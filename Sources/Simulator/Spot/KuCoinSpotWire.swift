import ExchangeKit
import Foundation

/// KuCoin Spot's public wire format, written by the simulator in the shapes of the reference
/// samples (PROTOCOL.md §7, §10, §11): amounts and prices are strings, sizes in base currency.
enum KuCoinSpotWire {
    // MARK: - WebSocket

    /// `/market/match` (`trade.l3match`): everything a string, `time` in ns. Sample spot/ws/match.json.
    static func match(symbol: String, side: SimSide, ticks: Int64, lots: Int64, sequence: Int64, time: Int64, pair: SimContract) -> String {
        let (taker, maker) = (KuCoinWire.takerOrderID(sequence), KuCoinWire.makerOrderID(sequence))
        return #"{"topic":"/market/match:\#(symbol)","type":"message","subject":"trade.l3match","data":{"makerOrderId":"\#(maker)","price":"\#(pair.price(ticks))","sequence":"\#(sequence)","side":"\#(side.rawValue)","size":"\#(pair.size(lots))","symbol":"\#(symbol)","takerOrderId":"\#(taker)","time":"\#(time)","tradeId":"\#(sequence)","type":"match"}}"#
    }

    /// `/market/ticker` (`trade.ticker`): best bid and ask with the last trade, `time` in ms. Sample spot/ws/ticker.json
    /// (whose key `Time` KuCoin's schema spells `time`; the simulator writes the schema's).
    static func ticker(symbol: String, bid: Int64, bidLots: Int64, ask: Int64, askLots: Int64, sequence: Int64, time: Int64,
                       last: SimTrade?, pair: SimContract) -> String {
        let lastFields = last.map { #""price":"\#(pair.price($0.ticks))","size":"\#(pair.size($0.lots))","# } ?? ""
        return #"{"type":"message","topic":"/market/ticker:\#(symbol)","subject":"trade.ticker","data":{"sequence":"\#(sequence)",\#(lastFields)"bestAsk":"\#(pair.price(ask))","bestAskSize":"\#(pair.size(askLots))","bestBid":"\#(pair.price(bid))","bestBidSize":"\#(pair.size(bidLots))","time":\#(time / 1_000_000)}}"#
    }

    /// `/market/level2` (`trade.l2update`): the level changes of one contiguous sequence range, only
    /// the latest change per price, each `[price, size, sequence of that change]` (sizes absolute,
    /// `"0"` removes the level). Sample spot/ws/level2.json.
    static func levelUpdate(_ changes: [MarketEvent], pair: SimContract) -> String? {
        var latest: [String: (side: SimSide, ticks: Int64, lots: Int64, sequence: Int64)] = [:]
        var first = Int64.max
        var last = Int64.min
        var time: Int64 = 0
        for case .level(_, let side, let ticks, let lots, let sequence, let at) in changes {
            latest["\(side.rawValue)\(ticks)"] = (side, ticks, lots, sequence)
            first = min(first, sequence)
            last = max(last, sequence)
            time = at
        }
        guard first <= last else { return nil }
        func rows(_ side: SimSide) -> String {
            "[" + latest.values.filter { $0.side == side }.sorted { $0.sequence < $1.sequence }
                .map { #"["\#(pair.price($0.ticks))","\#(pair.size($0.lots))","\#($0.sequence)"]"# }.joined(separator: ",") + "]"
        }
        return #"{"topic":"/market/level2:\#(pair.symbol)","type":"message","subject":"trade.l2update","data":{"changes":{"asks":\#(rows(.sell)),"bids":\#(rows(.buy))},"sequenceEnd":\#(last),"sequenceStart":\#(first),"symbol":"\#(pair.symbol)","time":\#(time / 1_000_000)}}"#
    }

    /// `/spotMarket/level2Depth5|50` (`level2`): the top levels, no sequence. Samples spot/ws/level2Depth5.json, level2Depth50.json.
    static func depth(_ market: SimMarket, depth: Int, timeMillis: Int64) -> String {
        let levels = market.levels(depth: depth)
        let pair = market.contract
        return #"{"topic":"/spotMarket/level2Depth\#(depth):\#(pair.symbol)","type":"message","subject":"level2","data":{"asks":\#(rows(levels.asks, pair)),"bids":\#(rows(levels.bids, pair)),"timestamp":\#(timeMillis)}}"#
    }

    /// `[["price","size"],…]`.
    static func rows(_ side: [(Int64, Int64)], _ pair: SimContract) -> String {
        "[" + side.map { #"["\#(pair.price($0.0))","\#(pair.size($0.1))"]"# }.joined(separator: ",") + "]"
    }

    // MARK: - REST

    /// A pair as `GET /api/v2/symbols` lists it. Sample spot/rest/symbols-v2.json.
    static func symbol(_ pair: SimContract) -> String {
        #"{"symbol":"\#(pair.symbol)","name":"\#(pair.symbol)","baseCurrency":"\#(pair.base)","quoteCurrency":"\#(pair.quote)","feeCurrency":"\#(pair.quote)","market":"USDS","baseMinSize":"\#(pair.multiplier)","quoteMinSize":"0.1","baseMaxSize":"10000000000","quoteMaxSize":"99999999","baseIncrement":"\#(pair.multiplier)","quoteIncrement":"0.000001","priceIncrement":"\#(pair.tickSize)","priceLimitRate":"0.1","minFunds":"0.1","isMarginEnabled":false,"enableTrading":true,"feeCategory":1,"makerFeeCoefficient":"1.00","takerFeeCoefficient":"1.00","st":false,"callauctionIsEnabled":false,"callauctionPriceFloor":null,"callauctionPriceCeiling":null,"callauctionFirstStageStartTime":null,"callauctionSecondStageStartTime":null,"callauctionThirdStageStartTime":null,"tradingStartTime":null}"#
    }

    /// `GET /api/v1/market/orderbook/level1`: `time` ms a number, the rest strings. Sample spot/rest/ticker-level1.json.
    static func level1(_ market: SimMarket, timeMillis: Int64) -> String {
        let pair = market.contract
        let bid = market.bestBid ?? (market.mid - 1, 0)
        let ask = market.bestAsk ?? (market.mid, 0)
        let last = market.recentTrades.last
        return #"{"time":\#(timeMillis),"sequence":"\#(market.sequence)","price":"\#(pair.price(last?.ticks ?? market.lastTradeTicks))","size":"\#(pair.size(last?.lots ?? 0))","bestBid":"\#(pair.price(bid.0))","bestBidSize":"\#(pair.size(bid.1))","bestAsk":"\#(pair.price(ask.0))","bestAskSize":"\#(pair.size(ask.1))"}"#
    }

    /// A pair's 24-hour figures, as `GET /api/v1/market/stats` and each `allTickers` entry give them.
    /// Samples spot/rest/stats.json, all-tickers.json.
    static func stats(_ market: SimMarket, timeMillis: Int64, inList: Bool) -> String {
        let pair = market.contract
        let minutes = market.bars(width: 60_000, from: timeMillis - 86_400_000, to: timeMillis)
        let day = minutes.reduce(into: (high: Int64.min, low: Int64.max, volume: Int64(0), turnover: Int64(0))) {
            $0 = (max($0.high, $1.high), min($0.low, $1.low), $0.volume + $1.volume, $0.turnover + $1.turnover)
        }
        let traded = day.volume > 0
        let last = market.lastTradeTicks
        let first = minutes.first?.open ?? last
        let bid = market.bestBid ?? (market.mid - 1, 0)
        let ask = market.bestAsk ?? (market.mid, 0)
        let volume = Decimal(day.volume) * pair.multiplierValue
        let turnover = Decimal(day.turnover) * pair.multiplierValue * pair.decimal(ticks: 1)
        let change = pair.decimal(ticks: last - first)
        let rate = first == 0 ? Decimal(0) : Self.rounded(change / pair.decimal(ticks: first), scale: 4)
        let average = traded ? Self.rounded(turnover / volume, scale: pair.priceDecimals + 4) : pair.decimal(ticks: last)
        let head = inList ? #""symbol":"\#(pair.symbol)","symbolName":"\#(pair.symbol)","# : #""time":\#(timeMillis),"symbol":"\#(pair.symbol)","#
        let sizes = inList ? #""bestBidSize":"\#(pair.size(bid.1))","# : ""
        let askSize = inList ? #""bestAskSize":"\#(pair.size(ask.1))","# : ""
        return #"{\#(head)"buy":"\#(pair.price(bid.0))",\#(sizes)"sell":"\#(pair.price(ask.0))",\#(askSize)"changeRate":"\#(DecimalText.string(rate))","changePrice":"\#(DecimalText.string(change))","high":"\#(pair.price(traded ? day.high : last))","low":"\#(pair.price(traded ? day.low : last))","vol":"\#(DecimalText.string(volume))","volValue":"\#(DecimalText.string(turnover))","last":"\#(pair.price(last))","averagePrice":"\#(DecimalText.string(average))","takerFeeRate":"0.001","makerFeeRate":"0.001","takerCoefficient":"1","makerCoefficient":"1"}"#
    }

    /// `GET /api/v1/market/orderbook/level2_20|100` and `/api/v3/market/orderbook/level2`: `sequence` a string,
    /// `time` ms, levels `[price, size]` strings. Samples spot/rest/level2-20.json, level2-full-v3.json.
    static func book(_ market: SimMarket, depth: Int?, timeMillis: Int64) -> String {
        let levels = market.levels(depth: depth)
        return #"{"time":\#(timeMillis),"sequence":"\#(market.sequence)","bids":\#(rows(levels.bids, market.contract)),"asks":\#(rows(levels.asks, market.contract))}"#
    }

    /// `GET /api/v1/market/histories`: the last trades, oldest first, `sequence` a string, `time` ns a number.
    /// Sample spot/rest/trade-histories.json.
    static func histories(_ market: SimMarket) -> String {
        let pair = market.contract
        return "[" + market.recentTrades.map {
            #"{"sequence":"\#($0.sequence)","price":"\#(pair.price($0.ticks))","size":"\#(pair.size($0.lots))","side":"\#($0.side.rawValue)","time":\#($0.time)}"#
        }.joined(separator: ",") + "]"
    }

    /// `GET /api/v1/market/candles` rows, newest first: seven strings `[time s, open, close, high, low,
    /// volume, turnover]` (close before high and low). Sample spot/rest/candles.json.
    static func candles(_ market: SimMarket, widthSeconds: Int64, from: Int64, to: Int64) -> String {
        let pair = market.contract
        let tick = pair.decimal(ticks: 1)
        let rows = market.bars(width: widthSeconds * 1000, from: from * 1000, to: to * 1000).reversed().map {
            let volume = DecimalText.string(Decimal($0.volume) * pair.multiplierValue)
            let turnover = DecimalText.string(Decimal($0.turnover) * pair.multiplierValue * tick)
            return #"["\#($0.start / 1000)","\#(pair.price($0.open))","\#(pair.price($0.close))","\#(pair.price($0.high))","\#(pair.price($0.low))","\#(volume)","\#(turnover)"]"#
        }
        return "[" + rows.joined(separator: ",") + "]"
    }

    /// The candle types `GET /api/v1/market/candles` takes, as seconds.
    static let candleTypes: [String: Int64] = [
        "1min": 60, "3min": 180, "5min": 300, "15min": 900, "30min": 1_800, "1hour": 3_600, "2hour": 7_200, "4hour": 14_400,
        "6hour": 21_600, "8hour": 28_800, "12hour": 43_200, "1day": 86_400, "1week": 604_800,
    ]

    /// A decimal rounded to `scale` places (display figures such as rates and averages; `.down` to floor).
    static func rounded(_ value: Decimal, scale: Int, _ mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, mode)
        return output
    }
}
