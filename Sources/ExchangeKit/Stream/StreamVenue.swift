/// Everything venue-specific about a stream: where to connect, how to subscribe,
/// how to keep alive and how to read a frame.
///
/// ``FeedStream`` does the rest — dialing, handshakes, heartbeats, reconnects,
/// resubscription, outbound rate limits, book resynchronisation — the same for
/// every venue.
public protocol StreamVenue: Sendable {
    /// The configured venue id.
    var id: VenueID { get }
    /// The venue's per-connection limits.
    var limits: StreamLimits { get }
    /// How the venue's book deltas line up with its snapshots.
    var bookSequenceRule: BookSequenceRule { get }

    /// Whether a subscription needs an authenticated connection.
    func isPrivate(_ subscription: Subscription) -> Bool

    /// Fetches where to connect. Called on EVERY dial, so tokens are never reused across reconnects.
    /// - Throws: any error; the runner reports it and retries with backoff.
    func endpoint(private: Bool) async throws -> StreamEndpoint

    /// The route a subscription is served on; by default public or private by ``isPrivate(_:)``.
    func route(of subscription: Subscription) -> StreamRoute

    /// Fetches where to connect for a route; by default ``endpoint(private:)`` of its privacy.
    /// Called on EVERY dial, like ``endpoint(private:)``.
    /// - Throws: any error; the runner reports it and retries with backoff.
    func endpoint(route: StreamRoute) async throws -> StreamEndpoint

    /// The messages that subscribe to `subscriptions`, grouped as the venue allows.
    func subscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest]

    /// The messages that end `subscriptions`.
    func unsubscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest]

    /// The venue-level ping (KuCoin's `{"type":"ping"}`), or nil when WebSocket pings suffice: the
    /// runner then sends a WebSocket ping frame at the heartbeat interval instead (Binance).
    func pingMessage(id: String) -> String?

    /// Decodes one text frame: pure, no I/O, no shared state.
    func decode(text frame: UnsafeRawBufferPointer, into output: inout [StreamMessage])

    /// Decodes one binary frame; by default a `decodeFailure`.
    func decode(binary frame: UnsafeRawBufferPointer, into output: inout [StreamMessage])

    /// A full REST snapshot of a book, for synchronising a delta stream.
    func bookSnapshot(symbol: String) async throws -> OrderBookSnapshot
}

extension StreamVenue {
    public func route(of subscription: Subscription) -> StreamRoute {
        isPrivate(subscription) ? .private : .public
    }

    public func endpoint(route: StreamRoute) async throws -> StreamEndpoint {
        try await endpoint(private: route.isPrivate)
    }

    public func decode(binary frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        output.append(.event(symbol: nil, exchangeTime: nil, payload: .decodeFailure(
            error: "binary frames are not part of \(id)'s protocol (\(frame.count) bytes)",
            excerpt: ExchangeError.excerpt(of: frame))))
    }
}
