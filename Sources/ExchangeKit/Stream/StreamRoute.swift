/// Which of a venue's WebSocket entry points a subscription is served on.
///
/// Most venues have two (public and private); some split public data further
/// (Binance USDⓈ-M serves book data on `/public` and everything else on
/// `/market`). Subscriptions of different routes never share a connection, and
/// ``StreamVenue/endpoint(route:)`` is asked for the route's URL on every dial.
public struct StreamRoute: Hashable, Sendable, CustomStringConvertible {
    /// The route's name, for logs and for the venue to pick the URL (`market`).
    public var name: String
    /// Whether connections on this route are authenticated.
    public var isPrivate: Bool

    /// Creates a route.
    public init(_ name: String, isPrivate: Bool) {
        self.name = name
        self.isPrivate = isPrivate
    }

    /// The one public route of a venue that does not split its public streams.
    public static let `public` = StreamRoute("public", isPrivate: false)
    /// The one private route of a venue that does not split its private streams.
    public static let `private` = StreamRoute("private", isPrivate: true)

    public var description: String { name }
}
