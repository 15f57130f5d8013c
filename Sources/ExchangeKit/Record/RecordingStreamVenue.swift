/// A stream venue that records what passes through another: every frame before it
/// is decoded, every dial, every book snapshot fetched. What `runner record` streams through.
///
/// It changes nothing the stream does; decoding stays the wrapped venue's.
public struct RecordingStreamVenue: StreamVenue {
    /// The venue recorded.
    public let base: any StreamVenue
    /// Where the session goes.
    public let recorder: SessionRecorder

    /// Wraps a venue.
    public init(_ base: any StreamVenue, recorder: SessionRecorder) {
        self.base = base
        self.recorder = recorder
    }

    public var id: VenueID { base.id }
    public var limits: StreamLimits { base.limits }
    public var bookSequenceRule: BookSequenceRule { base.bookSequenceRule }

    public func isPrivate(_ subscription: Subscription) -> Bool { base.isPrivate(subscription) }

    public func endpoint(private isPrivate: Bool) async throws -> StreamEndpoint {
        let endpoint = try await base.endpoint(private: isPrivate)
        recorder.dial(private: isPrivate)
        return endpoint
    }

    public func route(of subscription: Subscription) -> StreamRoute { base.route(of: subscription) }

    public func endpoint(route: StreamRoute) async throws -> StreamEndpoint {
        let endpoint = try await base.endpoint(route: route)
        recorder.dial(private: route.isPrivate)
        return endpoint
    }

    public func subscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        base.subscribeRequests(subscriptions, ids: &ids)
    }

    public func unsubscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        base.unsubscribeRequests(subscriptions, ids: &ids)
    }

    public func pingMessage(id: String) -> String? { base.pingMessage(id: id) }

    public func decode(text frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        recorder.frame(frame, binary: false)
        base.decode(text: frame, into: &output)
    }

    public func decode(binary frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        recorder.frame(frame, binary: true)
        base.decode(binary: frame, into: &output)
    }

    public func bookSnapshot(symbol: String) async throws -> OrderBookSnapshot {
        let snapshot = try await base.bookSnapshot(symbol: symbol)
        recorder.snapshot(snapshot)
        return snapshot
    }
}
