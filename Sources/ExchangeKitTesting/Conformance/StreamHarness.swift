import ExchangeKit
import Synchronization

/// What the stream fault checks share: the venue on scripted servers, a running feed, and
/// the venue's own trade frames.
struct StreamHarness: Sendable {
    let context: ConformanceContext
    let server: ConformanceServer
    let venue: any StreamVenue
    let symbol: String

    /// Timings for the fault checks: quick reconnects, generous timeouts for a loaded machine.
    /// The ack timeout covers a full connection's subscriptions paced by the venue's outbound
    /// rate (FeedRunner starts it when a request is queued, not when it is sent).
    static let configuration = FeedConfiguration(
        reconnect: ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200)),
        ackTimeout: .seconds(15), closeTimeout: .milliseconds(500), tick: .milliseconds(20),
        snapshotRetryDelay: .milliseconds(50), connectTimeout: .seconds(3))

    /// Runs `body` with servers speaking for the venue and the venue pointed at them.
    static func with(_ context: ConformanceContext, _ body: (StreamHarness) async throws -> Void) async throws {
        try await ConformanceServer.with(context.profile) { server in
            guard let venue = try context.makeVenue(restURL: server.http.baseURL, webSocketURL: server.ws.url).streams else {
                throw ConformanceFailure("\(context.profile.pluginName) declares channels but its `streams` is nil")
            }
            try await body(StreamHarness(context: context, server: server, venue: venue, symbol: context.profile.parameters.symbol))
        }
    }

    /// The trade id the venue's own decoder reads from trade frame `index`.
    func tradeID(_ index: Int, symbol: String? = nil) throws -> String {
        let outcome = DecodeOutcome(venue, Array(context.profile.tradeFrame(symbol: symbol ?? self.symbol, index: index).utf8))
        for message in outcome.messages {
            if case .event(_, _, .trade(let trade)) = message { return trade.tradeID }
        }
        throw ConformanceFailure("the profile's tradeFrame(\(index)) does not decode to a trade: \(outcome.summary)")
    }

    /// Sends trade `index` on `connection` and waits for it to come out of the feed.
    @discardableResult
    func trade(_ index: Int, on connection: ScriptedWebSocketConnection, _ events: EventCollector) async throws -> StreamEvent {
        let id = try tradeID(index)
        try await connection.send(text: context.profile.tradeFrame(symbol: symbol, index: index))
        let seen = try await events.wait(for: "trade \(id)", timeout: .seconds(15)) { $0.trades.contains { $0.tradeID == id } }
        return seen.last { if case .trade(let trade) = $0.payload { trade.tradeID == id } else { false } }!
    }

    /// A book delta frame of the harness's symbol.
    func delta(_ sequence: Int64, _ side: BookSide, _ price: String, _ size: String) -> String {
        context.profile.bookDeltaFrame(ScriptedBookDelta(symbol: symbol, sequence: sequence, side: side, price: price, size: size))
    }

    /// A snapshot of the harness's symbol from `[(price, size)]` levels.
    func snapshot(_ sequence: Int64, bids: [(String, String)], asks: [(String, String)]) -> OrderBookSnapshot {
        func levels(_ rows: [(String, String)]) -> [PriceLevel] {
            rows.map { PriceLevel(price: try! DecimalParser.parse($0.0), size: try! DecimalParser.parse($0.1)) }
        }
        return OrderBookSnapshot(symbol: symbol, sequence: sequence, bids: levels(bids), asks: levels(asks))
    }
}

/// Counts dials at the upgrade gate, which runs before the server records them.
final class DialCounter: Sendable {
    private let count = Mutex(0)
    /// The next dial's 1-based number.
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}

/// A failure unless `condition` holds.
func require(_ condition: Bool, _ finding: @autoclosure () -> String) throws {
    if !condition { throw ConformanceFailure(finding()) }
}
