/// The HTTP methods venues use.
public enum HTTPMethod: String, Sendable, Hashable {
    case GET, POST, PUT, DELETE

    /// Whether sending the request twice has the same effect as once, by HTTP's rules.
    public var isIdempotentByDefault: Bool { self != .POST }
}
