import ExchangeKit
import Foundation
import Synchronization

/// The simulator's state: markets, tokens, streaming connections and rate-limit pools, under one lock.
///
/// Market steps, snapshots and subscriptions all take the same lock, so a REST snapshot is
/// always taken between two book changes and its sequence lines up with the stream's deltas.
final class SimExchange: Sendable {
    struct Token {
        var expires: ContinuousClock.Instant
        var isPrivate: Bool
    }

    /// A streaming connection: its topics and where its frames go.
    struct Feed {
        var topics: Set<String> = []
        var isPrivate: Bool
        var frames: AsyncStream<[String]>.Continuation
    }

    struct State {
        var markets: [String: SimMarket] = [:]
        var symbols: [String] = []
        var tokens: [String: Token] = [:]
        var feeds: [Int: Feed] = [:]
        var nextFeed = 0
        var nextToken = 0
        var pools: SimRateLimiter
        var account: SimAccount
        /// Contract rules by symbol (for margin and prices).
        var contracts: [String: SimContract] = [:]
        /// The spot markets, apart from the contracts so no futures route serves a pair (or the other way round).
        var spotMarkets: [String: SimMarket] = [:]
        var spotSymbols: [String] = []
        var spotPairs: [String: SimContract] = [:]
        var spot: SimSpotAccount
        /// The contracts whose market comes from the replay, the next step to play and when playing began.
        var replayed: Set<String> = []
        var replayCursor = 0
        var replayStart: ContinuousClock.Instant?
        var faults: SimulatorFaults
        /// Level2 deltas and frames published so far, for the every-N faults (spot level2 messages
        /// counted apart, so adding pairs leaves the contracts' fault pattern as it was).
        var levelCount = 0
        var spotLevelCount = 0
        var frameCount = 0
        /// A level2 frame held back to be sent after the next one (the reorder fault).
        var heldLevel: (topic: String, frame: String)?
    }

    let configuration: SimulatorConfiguration
    let state: Mutex<State>

    init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        var state = State(pools: SimRateLimiter(quota: configuration.poolQuota), account: SimAccount(wallet: configuration.startingBalance),
                          spot: SimSpotAccount(totals: configuration.spotStartingBalances), faults: configuration.faults)
        for (index, symbol) in configuration.symbols.enumerated() {
            state.markets[symbol] = SimMarket(contract: .named(symbol), seed: configuration.seed &+ UInt64(index) &* 7_919)
            state.contracts[symbol] = .named(symbol)
            state.symbols.append(symbol)
        }
        if let replay = configuration.replay {
            for symbol in replay.symbols {
                guard let book = replay.books[symbol] else { continue }
                let market = SimMarket(contract: book.contract, bids: book.bids, asks: book.asks, sequence: book.sequence)
                state.replayed.insert(symbol)
                if replay.isSpot {
                    state.spotMarkets[symbol] = market
                    state.spotPairs[symbol] = book.contract
                    if !state.spotSymbols.contains(symbol) { state.spotSymbols.append(symbol) }
                } else {
                    state.markets[symbol] = market
                    state.contracts[symbol] = book.contract
                    if !state.symbols.contains(symbol) { state.symbols.append(symbol) }
                }
            }
        }
        // Spot seeds are apart from the contracts' (the futures markets stay as they were for a seed).
        for (index, symbol) in configuration.spotSymbols.enumerated() where state.spotMarkets[symbol] == nil && state.markets[symbol] == nil {
            let pair = SimContract.spotPair(symbol)
            state.spotMarkets[symbol] = SimMarket(contract: pair, seed: (configuration.seed ^ 0x5350_4F54) &+ UInt64(index) &* 7_919)
            state.spotPairs[symbol] = pair
            state.spotSymbols.append(symbol)
        }
        self.state = Mutex(state)
    }

    // MARK: - Tokens

    /// A new bullet token.
    func issueToken(isPrivate: Bool) -> String {
        let expires = ContinuousClock.now.advanced(by: configuration.tokenLifetime)
        return state.withLock { state in
            state.nextToken += 1
            let token = "sim\(isPrivate ? "p" : "q")\(state.nextToken)x" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            state.tokens[token] = Token(expires: expires, isPrivate: isPrivate)
            return token
        }
    }

    enum TokenCheck {
        case valid(isPrivate: Bool)
        case expired
        case unknown
    }

    func check(token: String) -> TokenCheck {
        state.withLock { state in
            guard let entry = state.tokens[token] else { return .unknown }
            if entry.expires < .now {
                state.tokens[token] = nil
                return .expired
            }
            return .valid(isPrivate: entry.isPrivate)
        }
    }

    // MARK: - Feeds

    /// Registers a connection; its frames arrive on the returned stream until ``removeFeed(_:)``.
    func addFeed(isPrivate: Bool) -> (id: Int, frames: AsyncStream<[String]>) {
        // A consumer 4,096 batches behind is cut off, as a real venue drops a slow client.
        let (stream, continuation) = AsyncStream.makeStream(of: [String].self, bufferingPolicy: .bufferingOldest(4_096))
        let id = state.withLock { state in
            state.nextFeed += 1
            state.feeds[state.nextFeed] = Feed(isPrivate: isPrivate, frames: continuation)
            return state.nextFeed
        }
        return (id, stream)
    }

    func removeFeed(_ id: Int) {
        let feed = state.withLock { $0.feeds.removeValue(forKey: id) }
        feed?.frames.finish()
    }

    func subscribe(_ id: Int, topics: [String]) {
        state.withLock { state in state.feeds[id]?.topics.formUnion(topics) }
    }

    func unsubscribe(_ id: Int, topics: [String]) {
        state.withLock { state in state.feeds[id]?.topics.subtract(topics) }
    }

    // MARK: - Market

    /// Moves every market by one tick and sends each connection the frames of its topics.
    func tick() {
        let time = Timestamp.now().nanoseconds
        state.withLock { state in
            var events: [MarketEvent] = []
            events.reserveCapacity(state.symbols.count * configuration.eventsPerTick * 2)
            for symbol in state.symbols where !state.replayed.contains(symbol) {
                for _ in 0..<configuration.eventsPerTick { state.markets[symbol]!.step(time: time, into: &events) }
            }
            if let replay = configuration.replay { Self.advance(replay, state: &state, time: time, into: &events) }
            for symbol in state.spotSymbols where !state.replayed.contains(symbol) {
                for _ in 0..<configuration.eventsPerTick { state.spotMarkets[symbol]!.step(time: time, into: &events) }
            }
            // The account's resting orders and stops see the market's trades first.
            var privateFrames: [PrivateFrame] = []
            if state.account.orders.values.contains(where: \.isActive) {
                Self.matchResting(against: events, state: &state, time: time, events: &events, frames: &privateFrames)
            }
            if state.spot.orders.values.contains(where: \.isActive) {
                Self.matchSpotResting(against: events, state: &state, time: time, frames: &privateFrames)
            }
            guard !state.feeds.isEmpty else { return }
            Self.publish(events, in: &state)
            Self.deliver(privateFrames, in: &state)
        }
    }

    /// Sends each connection the frames of the market events on its topics, with the sequence
    /// and malformed-frame faults applied.
    ///
    /// A contract's level changes go out one per frame; a spot pair's are gathered into one
    /// `trade.l2update` per call with its sequence range, as KuCoin Spot batches them. The
    /// sequence faults count the contracts' level frames and the pairs' level2 messages, each on its own.
    static func publish(_ events: [MarketEvent], in state: inout State) {
        var wanted: Set<String> = []
        for feed in state.feeds.values { wanted.formUnion(feed.topics) }
        guard !wanted.isEmpty else { return }
        // A level frame carries its number among all level frames (the faults pick by it), counted
        // whether or not anyone listens.
        var items: [(topic: String, frame: String, levelNumber: Int?)] = []
        var spotLevels: [(symbol: String, changes: [MarketEvent])] = []
        var lastSpotTrade: [String: SimTrade] = [:]
        for event in events {
            let symbol = Self.symbol(of: event)
            if let market = state.markets[symbol] {
                let topic = KuCoinWire.topic(of: event)
                var levelNumber: Int?
                if case .level = event {
                    state.levelCount += 1
                    levelNumber = state.levelCount
                }
                guard wanted.contains(topic) else { continue }
                items.append((topic, KuCoinWire.frame(event, contract: market.contract), levelNumber))
            } else if let pair = state.spotPairs[symbol] {
                switch event {
                case .level:
                    if let index = spotLevels.firstIndex(where: { $0.symbol == symbol }) {
                        spotLevels[index].changes.append(event)
                    } else {
                        spotLevels.append((symbol, [event]))
                    }
                case .trade(_, let side, let ticks, let lots, let sequence, let time):
                    lastSpotTrade[symbol] = SimTrade(side: side, ticks: ticks, lots: lots, sequence: sequence, time: time)
                    let topic = KuCoinSpotWire.topic(of: event)
                    if wanted.contains(topic) {
                        items.append((topic, KuCoinSpotWire.match(symbol: symbol, side: side, ticks: ticks, lots: lots, sequence: sequence, time: time, pair: pair), nil))
                    }
                case .ticker(_, let bid, let bidLots, let ask, let askLots, let sequence, let time):
                    let topic = KuCoinSpotWire.topic(of: event)
                    if wanted.contains(topic) {
                        let last = lastSpotTrade[symbol] ?? state.spotMarkets[symbol]?.recentTrades.last
                        items.append((topic, KuCoinSpotWire.ticker(symbol: symbol, bid: bid, bidLots: bidLots, ask: ask, askLots: askLots,
                                                                   sequence: sequence, time: time, last: last, pair: pair), nil))
                    }
                }
            }
        }
        for (symbol, changes) in spotLevels {
            let topic = "/market/level2:\(symbol)"
            state.spotLevelCount += 1
            guard wanted.contains(topic), let pair = state.spotPairs[symbol], let frame = KuCoinSpotWire.levelUpdate(changes, pair: pair) else { continue }
            items.append((topic, frame, state.spotLevelCount))
        }
        var published: [(topic: String, frame: String)] = []
        for item in items {
            var out: [(topic: String, frame: String)] = [(item.topic, item.frame)]
            if let count = item.levelNumber {
                let faults = state.faults
                if let every = faults.skipEvery, count % every == 0 {
                    out = []
                } else if let every = faults.duplicateEvery, count % every == 0 {
                    out.append((item.topic, item.frame))
                } else if let every = faults.reorderEvery, count % every == 0, state.heldLevel == nil {
                    state.heldLevel = (item.topic, item.frame)
                    out = []
                } else if let held = state.heldLevel {
                    out.append(held)
                    state.heldLevel = nil
                }
            }
            for entry in out {
                published.append(entry)
                state.frameCount += 1
                if let every = state.faults.malformedEvery, state.frameCount % every == 0 {
                    published.append((entry.topic, String(entry.frame.prefix(entry.frame.utf8.count / 2))))
                }
            }
        }
        for (id, feed) in state.feeds where !feed.topics.isEmpty {
            let batch = published.filter { feed.topics.contains($0.topic) }.map(\.frame)
            if !batch.isEmpty { Self.deliver(batch, to: id, in: &state) }
        }
    }

    /// The faults in force now.
    var faults: SimulatorFaults { state.withLock { $0.faults } }

    /// Replaces the faults; `expire-tokens` expires every token issued so far.
    func setFaults(_ faults: SimulatorFaults) {
        state.withLock { state in
            var faults = faults
            if faults.expireTokens {
                for token in state.tokens.keys { state.tokens[token]?.expires = .now - .seconds(1) }
                faults.expireTokens = false
            }
            state.faults = faults
        }
    }

    /// Takes one request's REST fault, if any: a 5xx, a 429, and the latency to add.
    func takeRESTFault() -> (serverError: Bool, rateLimited: Bool, latency: Duration?) {
        state.withLock { state in
            var faults = state.faults
            defer { state.faults = faults }
            if faults.serverErrors > 0 {
                faults.serverErrors -= 1
                return (true, false, faults.latency)
            }
            if faults.rateLimitStorm > 0 {
                faults.rateLimitStorm -= 1
                return (false, true, faults.latency)
            }
            return (false, false, faults.latency)
        }
    }

    /// Sends private frames to the private connections subscribed to their topics.
    static func deliver(_ frames: [PrivateFrame], in state: inout State) {
        guard !frames.isEmpty else { return }
        for (id, feed) in state.feeds where feed.isPrivate && !feed.topics.isEmpty {
            let batch = frames.filter { feed.topics.contains($0.topic) }.map(\.frame)
            if !batch.isEmpty { Self.deliver(batch, to: id, in: &state) }
        }
    }

    /// Sends the top-5 and top-50 book frames to the connections that asked for them.
    func publishDepth() {
        let millis = Timestamp.now().milliseconds
        state.withLock { state in
            for (id, feed) in state.feeds where !feed.topics.isEmpty {
                var batch: [String] = []
                for symbol in state.symbols {
                    for depth in [5, 50] where feed.topics.contains("/contractMarket/level2Depth\(depth):\(symbol)") {
                        batch.append(KuCoinWire.depth(state.markets[symbol]!, depth: depth, timeMillis: millis))
                    }
                }
                for symbol in state.spotSymbols {
                    for depth in [5, 50] where feed.topics.contains("/spotMarket/level2Depth\(depth):\(symbol)") {
                        batch.append(KuCoinSpotWire.depth(state.spotMarkets[symbol]!, depth: depth, timeMillis: millis))
                    }
                }
                if !batch.isEmpty { Self.deliver(batch, to: id, in: &state) }
            }
        }
    }

    static func deliver(_ batch: [String], to id: Int, in state: inout State) {
        if case .dropped = state.feeds[id]?.frames.yield(batch) {
            state.feeds.removeValue(forKey: id)?.frames.finish()
        }
    }

    static func symbol(of event: MarketEvent) -> String {
        switch event {
        case .trade(let symbol, _, _, _, _, _), .level(let symbol, _, _, _, _, _), .ticker(let symbol, _, _, _, _, _, _): symbol
        }
    }

    /// Reads a market under the lock.
    func withMarket<T: Sendable>(_ symbol: String, _ body: (SimMarket) -> T) -> T? {
        state.withLock { state in state.markets[symbol].map(body) }
    }

    /// Every market, in configuration order.
    func withMarkets<T: Sendable>(_ body: ([SimMarket]) -> T) -> T {
        state.withLock { state in body(state.symbols.map { state.markets[$0]! }) }
    }

    /// Reads a spot market under the lock.
    func withSpotMarket<T: Sendable>(_ symbol: String, _ body: (SimMarket) -> T) -> T? {
        state.withLock { state in state.spotMarkets[symbol].map(body) }
    }

    /// Every spot market, in configuration order.
    func withSpotMarkets<T: Sendable>(_ body: ([SimMarket]) -> T) -> T {
        state.withLock { state in body(state.spotSymbols.map { state.spotMarkets[$0]! }) }
    }
}
