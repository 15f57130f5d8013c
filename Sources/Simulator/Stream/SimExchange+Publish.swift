import NIOCore

/// One publication's frames: every frame anyone wants, written once, each with its topic.
struct SimPublication {
    var frames: SimFrames
    /// Each frame's topic id and where it ends, in order (a frame starts where the one before ends).
    private(set) var records: [(topic: Int, end: Int)] = []
    /// The topics that have a frame here.
    private(set) var present: [Bool]

    init(capacity: Int, topicCount: Int) {
        frames = SimFrames(capacity: capacity)
        records.reserveCapacity(capacity / 200)
        present = Array(repeating: false, count: topicCount)
    }

    /// Records the frame (or frames) written from `start` on as `topic`'s.
    mutating func record(_ topic: Int) {
        records.append((topic, frames.end))
        present[topic] = true
    }

    /// The frames a connection gets: all of them (shared, not copied) when it wants every topic
    /// here, else a copy of those on its topics.
    func frames(for wants: [Bool]) -> SimFrames {
        if present.indices.allSatisfy({ !present[$0] || wants[$0] }) { return frames }
        var batch = SimFrames(capacity: frames.end / 2)
        var start = 0
        var run: (start: Int, count: Int)?
        for (topic, end) in records {
            if wants[topic] {
                run = (run?.start ?? start, (run?.count ?? 0) + 1)
            } else if let open = run {
                batch.append(framed: frames.bytes.getSlice(at: open.start, length: start - open.start)!, frames: open.count)
                run = nil
            }
            start = end
        }
        if let open = run { batch.append(framed: frames.bytes.getSlice(at: open.start, length: start - open.start)!, frames: open.count) }
        return batch
    }
}

extension SimExchange {
    /// Sends each connection the frames of the market events on its topics, with the sequence
    /// and malformed-frame faults applied.
    ///
    /// A contract's level changes go out one per frame, written as bytes straight into one buffer
    /// that every connection wanting all of them shares; a spot pair's are gathered into one
    /// `trade.l2update` per call with its sequence range, as KuCoin Spot batches them. The
    /// sequence faults count the contracts' level frames and the pairs' level2 messages, each on its own.
    static func publish(_ events: [MarketEvent], in state: inout State) {
        guard state.feeds.values.contains(where: { !$0.topics.isEmpty }) else { return }
        var wanted = Array(repeating: false, count: state.topicIDs.count)
        for feed in state.feeds.values {
            for topic in feed.wants.indices where feed.wants[topic] { wanted[topic] = true }
        }
        var out = SimPublication(capacity: events.count * 240, topicCount: wanted.count)
        // A level frame carries its number among all level frames (the faults pick by it), counted
        // whether or not anyone listens.
        var market: (symbol: String, priceDecimals: Int, maximumFrameSize: Int, topics: SimMarketTopics)?
        var spotLevels: [(symbol: String, changes: [MarketEvent])] = []
        var lastSpotTrade: [String: SimTrade] = [:]
        for event in events {
            let symbol = event.symbol
            if market?.symbol != symbol {
                market = state.markets.index(forKey: symbol) == nil ? nil
                    : state.marketTopics[symbol].map { (symbol, state.contracts[symbol]!.priceDecimals, KuCoinWire.maximumFrameSize(symbol: symbol), $0) }
            }
            if let market {
                var levelNumber: Int?
                let topic: Int
                switch event {
                case .trade: topic = market.topics.trade
                case .ticker: topic = market.topics.ticker
                case .level:
                    topic = market.topics.level
                    state.levelCount += 1
                    levelNumber = state.levelCount
                }
                guard wanted[topic] else { continue }
                let start = out.frames.appendFrame(maximumSize: market.maximumFrameSize) {
                    KuCoinWire.write(event, priceDecimals: market.priceDecimals, into: &$0)
                }
                Self.emit(topic, at: start, levelNumber: levelNumber, into: &out, state: &state)
            } else if let pair = state.spotPairs[symbol], let topics = state.marketTopics[symbol] {
                switch event {
                case .level:
                    if let index = spotLevels.firstIndex(where: { $0.symbol == symbol }) {
                        spotLevels[index].changes.append(event)
                    } else {
                        spotLevels.append((symbol, [event]))
                    }
                case .trade(_, let side, let ticks, let lots, let sequence, let time):
                    lastSpotTrade[symbol] = SimTrade(side: side, ticks: ticks, lots: lots, sequence: sequence, time: time)
                    guard wanted[topics.trade] else { continue }
                    let start = out.frames.end
                    out.frames.append(KuCoinSpotWire.match(symbol: symbol, side: side, ticks: ticks, lots: lots, sequence: sequence, time: time, pair: pair))
                    Self.emit(topics.trade, at: start, levelNumber: nil, into: &out, state: &state)
                case .ticker(_, let bid, let bidLots, let ask, let askLots, let sequence, let time):
                    guard wanted[topics.ticker] else { continue }
                    let last = lastSpotTrade[symbol] ?? state.spotMarkets[symbol]?.recentTrades.last
                    let start = out.frames.end
                    out.frames.append(KuCoinSpotWire.ticker(symbol: symbol, bid: bid, bidLots: bidLots, ask: ask, askLots: askLots,
                                                            sequence: sequence, time: time, last: last, pair: pair))
                    Self.emit(topics.ticker, at: start, levelNumber: nil, into: &out, state: &state)
                }
            }
        }
        for (symbol, changes) in spotLevels {
            state.spotLevelCount += 1
            guard let topic = state.marketTopics[symbol]?.level, wanted[topic], let pair = state.spotPairs[symbol],
                  let frame = KuCoinSpotWire.levelUpdate(changes, pair: pair) else { continue }
            let start = out.frames.end
            out.frames.append(frame)
            Self.emit(topic, at: start, levelNumber: state.spotLevelCount, into: &out, state: &state)
        }
        guard !out.frames.isEmpty else { return }
        for (id, feed) in state.feeds where !feed.topics.isEmpty {
            let batch = out.frames(for: feed.wants)
            if !batch.isEmpty { Self.deliver(batch, to: id, in: &state) }
        }
    }

    /// Records the frame just written at `start` on `topic`, with the faults: a level frame
    /// (`levelNumber`) may be left out, sent twice, or held back until after the next one; any
    /// frame sent may be followed by a truncated copy.
    private static func emit(_ topic: Int, at start: Int, levelNumber: Int?, into out: inout SimPublication, state: inout State) {
        guard let number = levelNumber else { return sent(topic, at: start, into: &out, state: &state) }
        let faults = state.faults
        if let every = faults.skipEvery, number % every == 0 {
            out.frames.removeFrames(from: start, count: 1)
        } else if let every = faults.duplicateEvery, number % every == 0 {
            let frame = out.frames.frame(at: start)
            sent(topic, at: start, into: &out, state: &state)
            let again = out.frames.end
            out.frames.append(framed: frame, frames: 1)
            sent(topic, at: again, into: &out, state: &state)
        } else if let every = faults.reorderEvery, number % every == 0, state.heldLevel == nil {
            state.heldLevel = (topic, out.frames.frame(at: start))
            out.frames.removeFrames(from: start, count: 1)
        } else if let held = state.heldLevel {
            sent(topic, at: start, into: &out, state: &state)
            let after = out.frames.end
            out.frames.append(framed: held.frame, frames: 1)
            state.heldLevel = nil
            sent(held.topic, at: after, into: &out, state: &state)
        } else {
            sent(topic, at: start, into: &out, state: &state)
        }
    }

    /// Counts a frame sent and records it, followed by its truncated copy every `malformed-every` frames.
    private static func sent(_ topic: Int, at start: Int, into out: inout SimPublication, state: inout State) {
        state.frameCount += 1
        out.record(topic)
        if let every = state.faults.malformedEvery, state.frameCount % every == 0 {
            out.frames.appendTruncatedCopy(ofFrameAt: start)
            out.record(topic)
        }
    }
}
