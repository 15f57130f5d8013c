/// What a ``RestClient`` configured for a dry run throws instead of sending: the request
/// exactly as it would have gone out, signed, with credentials redacted.
public struct RestDryRun: Error, Sendable, CustomStringConvertible {
    /// The endpoint's name (`placeOrder`).
    public var endpoint: String
    /// The venue's base URL.
    public var baseURL: String
    /// The signed request, credentials redacted.
    public var request: PreparedRequest

    /// The full URL, percent-encoded as sent.
    public var url: String { baseURL + request.encodedTarget }

    public var description: String { "dry run of \(endpoint): \(request.method) \(url)" }
}

extension PreparedRequest {
    /// The text that replaces a credential in dumps.
    public static let redactionMark = "<redacted>"

    /// A copy whose named headers and query parameters (any case) read `<redacted>`.
    public func redacted(_ names: Set<String>) -> PreparedRequest {
        guard !names.isEmpty else { return self }
        let lowered = Set(names.map { $0.lowercased() })
        var copy = self
        copy.headers = headers.map { lowered.contains($0.0.lowercased()) ? ($0.0, Self.redactionMark) : $0 }
        copy.query = query.map { item in
            var item = item
            if lowered.contains(item.name.lowercased()) { item.value = Self.redactionMark }
            return item
        }
        return copy
    }
}
