extension StreamEvent {
    /// Writes the event as one object of the runner's JSON lines (DESIGN.md), without the newline:
    /// `venue`, `kind`, [`symbol`, `ts`], `recv_ts`, `epoch`, [`connection` when not 0], then the kind's fields.
    public func writeJSON(into json: inout JSONWriter) {
        json.objectStart()
        json.field("venue", venue.rawValue)
        json.field("kind", payload.kind)
        json.field("symbol", ifPresent: symbol)
        json.field("ts", ifPresent: exchangeTime)
        json.field("recv_ts", receiveTime)
        json.field("epoch", epoch)
        if connection != 0 { json.field("connection", connection) }
        switch payload {
        case .trade(let trade): json.fields(of: trade)
        case .ticker(let ticker): json.fields(of: ticker)
        case .book(let update): json.fields(of: update)
        case .order(let update): json.fields(of: update)
        case .position(let position): json.fields(of: position)
        case .balance(let balance): json.fields(of: balance)
        case .candle(let candle): json.fields(of: candle)
        case .markPrice(let mark): json.fields(of: mark)
        case .fundingRate(let funding): json.fields(of: funding)
        case .connected, .reconnected, .rotated, .resynced, .crossedBook:
            break
        case .disconnected(let reason):
            json.field("reason", reason)
        case .subscribed(let subscription):
            json.field("subscription", subscription.description)
        case .subscriptionFailed(let subscription, let reason):
            json.field("subscription", subscription.description)
            json.field("reason", reason)
        case .gap(let expected, let received):
            json.field("expected", expected)
            json.field("received", received)
        case .stale(let silence):
            json.field("silence_ms", Int64(silence.components.seconds * 1000 + silence.components.attoseconds / 1_000_000_000_000_000))
        case .decodeFailure(let error, let excerpt):
            json.field("error", error)
            json.field("excerpt", excerpt)
        case .rateLimited(let reason):
            json.field("reason", reason)
        case .unhandled(let topic, let subject):
            json.field("topic", topic)
            json.field("subject", ifPresent: subject)
        case .dropped(let count):
            json.field("count", count)
        }
        json.objectEnd()
    }

    /// The event as one JSON line (without the newline).
    public var jsonLine: String {
        var json = JSONWriter()
        writeJSON(into: &json)
        return json.string
    }
}
