import ExchangeKit
import Foundation

/// Binance USDⓈ-M's stream rules: one connection per route (`/public` book data, `/market`
/// everything else, `/private` the user data stream), combined-stream framing, live
/// `SUBSCRIBE`/`UNSUBSCRIBE` with integer ids, 1024 streams and 10 incoming messages a second
/// per connection, and the 24-hour connection lifetime.
///
/// Pings are WebSocket ping frames sent by Binance every 3 minutes; the WebSocket client
/// answers each with a pong carrying its payload, so the venue has no ping message of its own.
///
/// The private connection's listenKey lapses 60 minutes after it was created or last extended
/// (PROTOCOL.md §6, §12): its endpoint carries a ``StreamKeepAlive`` that extends it with
/// `PUT /fapi/v1/listenKey` every ``listenKeyKeepAlive``, so the connection lives as long as the
/// others; a `-1125` answer (the key is gone) ends it and the redial creates a new key.
public struct BinanceStreamVenue: StreamVenue {
    /// Binance closes a connection at 24 hours (PROTOCOL.md §7); leave 5 minutes before, on our own terms.
    public static let defaultConnectionLifetime = Duration.seconds(24 * 3600 - 5 * 60)
    /// Half the key's 60-minute validity: one failed keepalive still leaves time for the next.
    public static let defaultListenKeyKeepAlive = Duration.seconds(30 * 60)

    public let id: VenueID
    /// The REST client listenKeys and book snapshots are fetched with.
    public let rest: RestClient
    /// The stream root the routes are appended to (`wss://fstream.binance.com`), nil when none is configured.
    public let webSocketRoot: String?
    /// How long a connection is kept before a planned reconnect, on every route.
    public let connectionLifetime: Duration
    /// How often the private connection's listenKey is extended.
    public let listenKeyKeepAlive: Duration

    /// Creates the stream rules.
    /// - Parameters:
    ///   - connectionLifetime: the planned reconnect; Binance's limit is 24 hours.
    ///   - listenKeyKeepAlive: the listenKey keepalive interval; the key lapses after 60 minutes.
    public init(id: VenueID, rest: RestClient, webSocketRoot: String?, connectionLifetime: Duration = defaultConnectionLifetime,
                listenKeyKeepAlive: Duration = defaultListenKeyKeepAlive) {
        self.id = id
        self.rest = rest
        self.webSocketRoot = webSocketRoot
        self.connectionLifetime = connectionLifetime
        self.listenKeyKeepAlive = listenKeyKeepAlive
    }

    /// Streams a SUBSCRIBE may carry; Binance documents no limit, this keeps frames small.
    static let streamsPerMessage = 200

    public var limits: StreamLimits {
        // 10 incoming messages a second per connection; 2 are left for the client's pongs.
        StreamLimits(subscriptionsPerConnection: 1024, outboundMessages: 8, outboundWindow: .seconds(1))
    }

    public var bookSequenceRule: BookSequenceRule { .chained }

    public func isPrivate(_ subscription: Subscription) -> Bool {
        BinanceStreamName.stream(for: subscription)?.route.isPrivate ?? false
    }

    public func route(of subscription: Subscription) -> StreamRoute {
        BinanceStreamName.stream(for: subscription)?.route ?? BinanceStreamName.marketRoute
    }

    public func endpoint(private isPrivate: Bool) async throws -> StreamEndpoint {
        try await endpoint(route: isPrivate ? BinanceStreamName.privateRoute : BinanceStreamName.marketRoute)
    }

    /// `<root>/<route>/stream` (combined framing, streams added by SUBSCRIBE); for the private route a
    /// fresh listenKey on every dial, `<root>/private/ws/<listenKey>`, kept alive while connected.
    public func endpoint(route: StreamRoute) async throws -> StreamEndpoint {
        guard let root = webSocketRoot?.trimmingSuffix("/") else {
            throw ExchangeError.configuration("no WebSocket URL for this environment; set ws_url", venue: id)
        }
        // Server pings come every 3 minutes and are answered below the runner, unseen: silence
        // is only alarming after more than three of them would have passed.
        let heartbeat = Heartbeat(interval: .seconds(60), timeout: .seconds(600))
        if route.isPrivate {
            let listenKey = BinanceListenKey(rest: rest)
            let key = try await listenKey.create()
            return StreamEndpoint(url: "\(root)/private/ws/\(key)", heartbeat: heartbeat, maximumLifetime: connectionLifetime,
                                  keepAlive: StreamKeepAlive(interval: listenKeyKeepAlive) { try await listenKey.keepAliveOrExpire() })
        }
        return StreamEndpoint(url: "\(root)/\(route.name)/stream", heartbeat: heartbeat, maximumLifetime: connectionLifetime)
    }

    public func subscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        requests("SUBSCRIBE", subscriptions, ids: &ids)
    }

    public func unsubscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        requests("UNSUBSCRIBE", subscriptions, ids: &ids)
    }

    /// The requests for a method, in batches; private subscriptions (the connection's listenKey
    /// delivers them) are confirmed by a `LIST_SUBSCRIPTIONS` round trip, which proves the socket is live.
    func requests(_ method: String, _ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        var named: [(String, Subscription)] = []
        var seen = Set<String>()
        var accountWide: [Subscription] = []
        for subscription in subscriptions {
            guard let stream = BinanceStreamName.stream(for: subscription) else { continue }
            if let name = stream.name {
                named.append((name, subscription))
            } else {
                accountWide.append(subscription)
            }
        }
        var result: [StreamRequest] = []
        var start = 0
        while start < named.count {
            let batch = named[start ..< min(start + Self.streamsPerMessage, named.count)]
            start += Self.streamsPerMessage
            let id = ids.next()
            var names: [String] = []
            for (name, _) in batch where seen.insert(name).inserted { names.append(name) }
            let params = names.map { "\"\($0)\"" }.joined(separator: ",")
            let number = BinanceRequestID.number(for: id)
            result.append(StreamRequest(id: number == nil ? nil : id,
                                        text: #"{"method":"\#(method)","params":[\#(params)],"id":\#(number ?? 0)}"#,
                                        subscriptions: batch.map(\.1)))
        }
        if !accountWide.isEmpty, method == "SUBSCRIBE" {
            let id = ids.next()
            let number = BinanceRequestID.number(for: id)
            result.append(StreamRequest(id: number == nil ? nil : id, text: #"{"method":"LIST_SUBSCRIPTIONS","id":\#(number ?? 0)}"#,
                                        subscriptions: accountWide))
        }
        return result
    }

    public func pingMessage(id: String) -> String? { nil }

    public func decode(text frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        BinanceDecoder.decode(frame, into: &output)
    }

    /// The REST book (1000 levels), whose `lastUpdateId` the first diff event must straddle.
    public func bookSnapshot(symbol: String) async throws -> OrderBookSnapshot {
        try await rest.send(RestRequest(.GET, "/fapi/v1/depth", query: [QueryItem("symbol", symbol), QueryItem("limit", "1000")],
                                        endpoint: BinanceEndpoint.public("depth", weight: 20)), as: DepthWire.self).snapshot(symbol: symbol)
    }
}

extension String {
    /// The string without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
