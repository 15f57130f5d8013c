/// A message the client sent on a scripted connection, as the venue's profile reads it.
public struct ClientMessage: Sendable, Hashable {
    /// What the client asked for.
    public enum Kind: Sendable, Hashable {
        /// Subscribe to ``ClientMessage/topics``.
        case subscribe
        /// Unsubscribe from ``ClientMessage/topics``.
        case unsubscribe
        /// The venue-level ping.
        case ping
    }

    /// What the client asked for.
    public var kind: Kind
    /// The id the venue echoes in its answer, when the protocol has one.
    public var id: String?
    /// The venue's topic names the message covers (empty for a ping).
    public var topics: [String]

    /// Creates a message.
    public init(_ kind: Kind, id: String?, topics: [String] = []) {
        self.kind = kind
        self.id = id
        self.topics = topics
    }
}
