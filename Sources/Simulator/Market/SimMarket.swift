/// One contract's synthetic market: an order book on a tick grid moved by a seeded random walk.
///
/// Bids sit below `mid` and asks at or above it, so the book never crosses. Each step is a
/// book change (about half), a ticker (about 30 %) or a trade against the best level (about
/// 20 %, which also changes that level); now and then `mid` moves a tick and the levels it
/// passes are removed. Every book change gets the next sequence number: the deltas are
/// contiguous and a snapshot taken between steps lines up with them exactly.
struct SimMarket: Sendable {
    let contract: SimContract
    private(set) var bids: [Int64: Int64] = [:]
    private(set) var asks: [Int64: Int64] = [:]
    /// The best prices, kept as levels change (a step reads them often; scanning the levels each time cost 5 % of a tick).
    private var bestBidTicks: Int64?
    private var bestAskTicks: Int64?
    var mid: Int64
    /// The book's sequence: the last change applied.
    private(set) var sequence: Int64 = 1_000
    var tradeSequence: Int64 = 1_000_000
    var tickerSequence: Int64 = 2_000_000
    /// One-minute candles by start (ms): open, high, low, close in ticks, volume in lots.
    private(set) var candles: [Int64: SimCandle] = [:]
    /// The last trade's price in ticks (stop orders trigger on it).
    private(set) var lastTradeTicks: Int64
    /// The most recent public trades, oldest first (at most ``recentTradeLimit``).
    private(set) var recentTrades: [SimTrade] = []
    private var random: SimRandom

    static let levelsPerSide: Int64 = 50
    static let recentTradeLimit = 100

    init(contract: SimContract, seed: UInt64) {
        self.contract = contract
        self.mid = contract.startTicks
        self.lastTradeTicks = contract.startTicks
        self.random = SimRandom(seed: seed)
        for offset in 0..<Self.levelsPerSide {
            bids[mid - 1 - offset] = random.int(1...500)
            asks[mid + offset] = random.int(1...500)
        }
        bestBidTicks = bids.keys.max()
        bestAskTicks = asks.keys.min()
    }

    /// A market whose book is given (a recording's snapshot) rather than drawn; its sequence starts at `sequence`.
    init(contract: SimContract, bids: [Int64: Int64], asks: [Int64: Int64], sequence: Int64) {
        self.contract = contract
        self.bids = bids
        self.asks = asks
        self.sequence = sequence
        self.mid = asks.keys.min() ?? bids.keys.max().map { $0 + 1 } ?? contract.startTicks
        self.lastTradeTicks = mid
        self.random = SimRandom(seed: 0)
        self.bestBidTicks = bids.keys.max()
        self.bestAskTicks = asks.keys.min()
    }

    var bestBid: (ticks: Int64, lots: Int64)? { bestBidTicks.flatMap { ticks in bids[ticks].map { (ticks, $0) } } }
    var bestAsk: (ticks: Int64, lots: Int64)? { bestAskTicks.flatMap { ticks in asks[ticks].map { (ticks, $0) } } }

    /// The top `depth` levels of each side (nil: all), best first.
    func levels(depth: Int?) -> (bids: [(Int64, Int64)], asks: [(Int64, Int64)]) {
        var bidLevels = bids.sorted { $0.key > $1.key }.map { ($0.key, $0.value) }
        var askLevels = asks.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let depth {
            bidLevels = Array(bidLevels.prefix(depth))
            askLevels = Array(askLevels.prefix(depth))
        }
        return (bidLevels, askLevels)
    }

    /// Moves the market by one event (or a few, when a trade or a mid move changes levels).
    mutating func step(time: Int64, into events: inout [MarketEvent]) {
        if random.chance(3) { moveMid(time: time, into: &events) }
        let roll = random.int(0...99)
        if roll < 20 {
            trade(time: time, into: &events)
        } else if roll < 50 {
            if let bid = bestBid, let ask = bestAsk {
                tickerSequence += 1
                events.append(.ticker(symbol: contract.symbol, bid: bid.ticks, bidLots: bid.lots, ask: ask.ticks, askLots: ask.lots,
                                      sequence: tickerSequence, time: time))
            }
        } else {
            let side: SimSide = random.chance(50) ? .buy : .sell
            let offset = random.chance(80) ? random.int(0...9) : random.int(10...(Self.levelsPerSide - 1))
            let ticks = side == .buy ? mid - 1 - offset : mid + offset
            let removable = (side == .buy ? bids.count : asks.count) > 5
            let lots = removable && random.chance(20) ? 0 : random.int(1...500)
            setLevel(side, ticks, lots, time: time, into: &events)
        }
    }

    private mutating func trade(time: Int64, into events: inout [MarketEvent]) {
        let side: SimSide = random.chance(50) ? .buy : .sell
        guard let level = side == .buy ? bestAsk : bestBid else { return }
        let lots = min(level.lots, random.int(1...60))
        tradeSequence += 1
        events.append(.trade(symbol: contract.symbol, side: side, ticks: level.ticks, lots: lots, sequence: tradeSequence, time: time))
        record(trade: SimTrade(side: side, ticks: level.ticks, lots: lots, sequence: tradeSequence, time: time))
        let remaining = level.lots - lots
        let bookSide: SimSide = side == .buy ? .sell : .buy
        // A level taken out is refilled at once so a side never runs dry.
        setLevel(bookSide, level.ticks, remaining > 0 ? remaining : random.int(1...500), time: time, into: &events)
    }

    /// Lots the book offers a taker up to `limit` ticks (nil: any price).
    func available(to takerSide: SimSide, limit: Int64?) -> Int64 {
        let levels = takerSide == .buy ? asks.filter { limit == nil || $0.key <= limit! } : bids.filter { limit == nil || $0.key >= limit! }
        return levels.values.reduce(0, +)
    }

    /// A taker order against the book: takes the best levels, at most `lots` and no worse than
    /// `limit`; each level taken is a public trade and a book change. Returns the fills.
    mutating func take(_ takerSide: SimSide, lots: Int64, limit: Int64?, time: Int64, into events: inout [MarketEvent]) -> [(ticks: Int64, lots: Int64)] {
        var remaining = lots
        var fills: [(ticks: Int64, lots: Int64)] = []
        while remaining > 0, let level = takerSide == .buy ? bestAsk : bestBid {
            if let limit, takerSide == .buy ? level.ticks > limit : level.ticks < limit { break }
            let taken = min(remaining, level.lots)
            remaining -= taken
            tradeSequence += 1
            events.append(.trade(symbol: contract.symbol, side: takerSide, ticks: level.ticks, lots: taken, sequence: tradeSequence, time: time))
            record(trade: SimTrade(side: takerSide, ticks: level.ticks, lots: taken, sequence: tradeSequence, time: time))
            fills.append((level.ticks, taken))
            setLevel(takerSide == .buy ? .sell : .buy, level.ticks, level.lots - taken, time: time, into: &events)
        }
        // A side taken bare is restocked further out, so the market goes on.
        if (takerSide == .buy ? asks.count : bids.count) < 5 {
            let edge = takerSide == .buy ? (asks.keys.max() ?? mid) : (bids.keys.min() ?? mid - 1)
            for step in 1...5 {
                setLevel(takerSide == .buy ? .sell : .buy, takerSide == .buy ? edge + Int64(step) : edge - Int64(step),
                         random.int(1...500), time: time, into: &events)
            }
            mid = takerSide == .buy ? max(mid, asks.keys.min()!) : min(mid, bids.keys.max()! + 1)
        }
        return fills
    }

    /// The one-minute bars merged into bars `width` ms wide whose start lies in `from...to` (ms), oldest first.
    func bars(width: Int64, from: Int64, to: Int64) -> [SimCandle] {
        var merged: [Int64: SimCandle] = [:]
        // In time order, so each bar opens with its first minute and closes with its last.
        guard width > 0 else { return [] }
        let earliest = from.subtractingReportingOverflow(width)
        let lower = earliest.overflow ? Int64.min : earliest.partialValue
        for candle in candles.values.sorted(by: { $0.start < $1.start }) where candle.start >= lower && candle.start <= to {
            let start = candle.start / width * width
            if var bar = merged[start] {
                bar.high = max(bar.high, candle.high)
                bar.low = min(bar.low, candle.low)
                bar.close = candle.close
                bar.volume += candle.volume
                bar.turnover += candle.turnover
                merged[start] = bar
            } else {
                var bar = candle
                bar.start = start
                merged[start] = bar
            }
        }
        return merged.values.filter { $0.start >= from && $0.start <= to }.sorted { $0.start < $1.start }
    }

    private mutating func moveMid(time: Int64, into events: inout [MarketEvent]) {
        let up = random.chance(50)
        mid += up ? 1 : -1
        if up {
            // The ask at the old mid is now below mid: it goes; a bid may take its place.
            // The keys first: removing levels while iterating the dictionary's keys would copy it.
            for ticks in asks.keys.filter({ $0 < mid }) { setLevel(.sell, ticks, 0, time: time, into: &events) }
            setLevel(.buy, mid - 1, random.int(1...500), time: time, into: &events)
        } else {
            for ticks in bids.keys.filter({ $0 >= mid }) { setLevel(.buy, ticks, 0, time: time, into: &events) }
            setLevel(.sell, mid, random.int(1...500), time: time, into: &events)
        }
    }

    mutating func setLevel(_ side: SimSide, _ ticks: Int64, _ lots: Int64, time: Int64, into events: inout [MarketEvent]) {
        if side == .buy {
            if lots > 0 {
                bids[ticks] = lots
                if ticks > bestBidTicks ?? .min { bestBidTicks = ticks }
            } else if bids.removeValue(forKey: ticks) != nil, ticks == bestBidTicks {
                bestBidTicks = bids.keys.max()
            }
        } else {
            if lots > 0 {
                asks[ticks] = lots
                if ticks < bestAskTicks ?? .max { bestAskTicks = ticks }
            } else if asks.removeValue(forKey: ticks) != nil, ticks == bestAskTicks {
                bestAskTicks = asks.keys.min()
            }
        }
        sequence += 1
        events.append(.level(symbol: contract.symbol, side: side, ticks: ticks, lots: lots, sequence: sequence, time: time))
    }

    mutating func record(trade: SimTrade) {
        lastTradeTicks = trade.ticks
        recentTrades.append(trade)
        if recentTrades.count > Self.recentTradeLimit { recentTrades.removeFirst(recentTrades.count - Self.recentTradeLimit) }
        let (ticks, lots) = (trade.ticks, trade.lots)
        let start = trade.time / 1_000_000_000 / 60 * 60_000
        if var candle = candles[start] {
            candle.high = max(candle.high, ticks)
            candle.low = min(candle.low, ticks)
            candle.close = ticks
            candle.volume += lots
            candle.turnover += ticks * lots
            candles[start] = candle
        } else {
            candles[start] = SimCandle(start: start, open: ticks, high: ticks, low: ticks, close: ticks, volume: lots, turnover: ticks * lots)
            if candles.count > 1_440, let oldest = candles.keys.min() { candles[oldest] = nil }
        }
    }
}

/// A one-minute bar, prices in ticks.
struct SimCandle: Sendable {
    var start: Int64
    var open: Int64
    var high: Int64
    var low: Int64
    var close: Int64
    var volume: Int64
    /// Σ price × size in ticks × lots (the quote-currency turnover, before scaling).
    var turnover: Int64 = 0
}

/// One public trade as the market remembers it: the taker's side, price in ticks, size in lots.
struct SimTrade: Sendable {
    var side: SimSide
    var ticks: Int64
    var lots: Int64
    var sequence: Int64
    var time: Int64
}
