import Metrics

/// The counters and timers of one stream connection, created once (not per frame).
struct StreamMetrics: Sendable {
    let frames: Counter
    let decodeFailures: Counter
    let reconnects: Counter
    let gaps: Counter
    let stale: Counter
    let acks: Counter
    let subscriptionFailures: Counter
    let outboundWait: Timer
    let snapshots: Counter
    let rotations: Counter
    let keepAlives: Counter
    let keepAliveFailures: Counter

    init(venue: VenueID, connection: Int, factory: any MetricsFactory) {
        let dimensions = [("venue", venue.rawValue), ("connection", String(connection))]
        frames = Counter(label: "exchangekit_stream_frames_total", dimensions: dimensions, factory: factory)
        decodeFailures = Counter(label: "exchangekit_stream_decode_failures_total", dimensions: dimensions, factory: factory)
        reconnects = Counter(label: "exchangekit_stream_reconnects_total", dimensions: dimensions, factory: factory)
        gaps = Counter(label: "exchangekit_stream_gaps_total", dimensions: dimensions, factory: factory)
        stale = Counter(label: "exchangekit_stream_stale_total", dimensions: dimensions, factory: factory)
        acks = Counter(label: "exchangekit_stream_acks_total", dimensions: dimensions, factory: factory)
        subscriptionFailures = Counter(label: "exchangekit_stream_subscription_failures_total", dimensions: dimensions, factory: factory)
        outboundWait = Timer(label: "exchangekit_stream_outbound_wait", dimensions: dimensions, factory: factory)
        snapshots = Counter(label: "exchangekit_stream_book_snapshots_total", dimensions: dimensions, factory: factory)
        rotations = Counter(label: "exchangekit_stream_rotations_total", dimensions: dimensions, factory: factory)
        keepAlives = Counter(label: "exchangekit_stream_keepalives_total", dimensions: dimensions, factory: factory)
        keepAliveFailures = Counter(label: "exchangekit_stream_keepalive_failures_total", dimensions: dimensions, factory: factory)
    }
}
