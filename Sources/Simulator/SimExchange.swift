import ExchangeKit
import Foundation
import NIOCore
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
        /// The market topics among them, by topic id (``State/topicIDs``): what a tick's frames are filtered by.
        var wants: [Bool]
        var isPrivate: Bool
        var frames: AsyncStream<SimFrames>.Continuation
        /// Bytes given to the connection and not yet taken for writing.
        var backlog: SimBacklog
    }

    struct State {
        var markets: [String: SimMarket] = [:]
        var symbols: [String] = []
        var tokens: [String: Token] = [:]
        var feeds: [Int: Feed] = [:]
        /// Every market's trade, ticker and level2 topics by id, numbered once at start.
        var topicIDs: [String: Int] = [:]
        var marketTopics: [String: SimMarketTopics] = [:]
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
        /// A level2 frame held back to be sent after the next one (the reorder fault), framed.
        var heldLevel: (topic: Int, frame: ByteBuffer)?
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
        for symbol in state.symbols { state.number(SimMarketTopics.futures(symbol), of: symbol) }
        for symbol in state.spotSymbols { state.number(SimMarketTopics.spot(symbol), of: symbol) }
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

    /// A connection that has this many bytes given to it and not yet written is cut off, as a real
    /// venue drops a slow client (so one that does not read cannot grow the simulator's memory without bound).
    static let backlogLimit = 64 << 20

    /// Registers a connection; its frames arrive on the returned stream until ``removeFeed(_:)``.
    func addFeed(isPrivate: Bool) -> (id: Int, frames: AsyncStream<SimFrames>, backlog: SimBacklog) {
        // A consumer 4,096 batches (or ``backlogLimit`` bytes) behind is cut off.
        let (stream, continuation) = AsyncStream.makeStream(of: SimFrames.self, bufferingPolicy: .bufferingOldest(4_096))
        let backlog = SimBacklog()
        let id = state.withLock { state in
            state.nextFeed += 1
            state.feeds[state.nextFeed] = Feed(wants: Array(repeating: false, count: state.topicIDs.count), isPrivate: isPrivate,
                                               frames: continuation, backlog: backlog)
            return state.nextFeed
        }
        return (id, stream, backlog)
    }

    func removeFeed(_ id: Int) {
        let feed = state.withLock { $0.feeds.removeValue(forKey: id) }
        feed?.frames.finish()
    }

    /// Registers a connection's topics; its `ack` frame, if it asked for one, is queued in the same
    /// step on the connection's frames: no data frame of the topics precedes it, and nothing
    /// published after it (an order the client places on seeing it) is missed.
    func subscribe(_ id: Int, topics: [String], ack: String? = nil) {
        state.withLock { state in
            if let ack { Self.deliver([ack], to: id, in: &state) }
            state.setTopics(topics, of: id, wanted: true)
        }
    }

    /// Drops a connection's topics, queueing its `ack` as ``subscribe(_:topics:ack:)`` does.
    func unsubscribe(_ id: Int, topics: [String], ack: String? = nil) {
        state.withLock { state in
            state.setTopics(topics, of: id, wanted: false)
            if let ack { Self.deliver([ack], to: id, in: &state) }
        }
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
            Self.deliver(frames.filter { feed.topics.contains($0.topic) }.map(\.frame), to: id, in: &state)
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
                Self.deliver(batch, to: id, in: &state)
            }
        }
    }

    /// Sends a connection text frames (private events, book snapshots), framed in one batch.
    static func deliver(_ texts: [String], to id: Int, in state: inout State) {
        guard !texts.isEmpty else { return }
        var batch = SimFrames(capacity: texts.reduce(0) { $0 + $1.utf8.count + 4 })
        for text in texts { batch.append(text) }
        deliver(batch, to: id, in: &state)
    }

    /// Gives a connection a batch of frames; one too far behind (``backlogLimit``) is cut off.
    static func deliver(_ batch: SimFrames, to id: Int, in state: inout State) {
        guard let feed = state.feeds[id] else { return }
        let queued = feed.backlog.add(batch.bytes.readableBytes)
        if queued > backlogLimit {
            state.feeds.removeValue(forKey: id)?.frames.finish()
        } else if case .dropped = feed.frames.yield(batch) {
            state.feeds.removeValue(forKey: id)?.frames.finish()
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
