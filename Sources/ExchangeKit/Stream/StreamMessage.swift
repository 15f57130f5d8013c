/// What a venue's decoder found in one frame, before the runner adds connection context.
public enum StreamMessage: Sendable {
    /// Data or an `unhandled`/`decodeFailure` event for the consumer.
    case event(symbol: String?, exchangeTime: Timestamp?, payload: StreamEvent.Payload)
    /// A book delta for the synchroniser.
    case bookDelta(BookDelta)
    /// A partial position update, merged into the symbol's last full position (which the runner keeps).
    indirect case positionPatch(PositionPatch)
    /// The venue's handshake message (KuCoin's `welcome`).
    case welcome
    /// An answer to the venue-level ping.
    case pong
    /// The venue confirmed the request with this id.
    case ack(id: String)
    /// The venue refused a request (or, with a nil id, reported a connection-level error).
    case requestFailed(id: String?, code: String?, message: String)
    /// The venue asks the client to reconnect (maintenance, token expiry, lifetime).
    case reconnect(reason: String)
}
