/// A request exactly as ``ScriptedHTTPServer`` received it, kept so tests can assert on what
/// the client really put on the wire (signatures, query encoding, retry counts, headers).
public struct RecordedRequest: Sendable {
    /// Request method as sent, e.g. `GET`.
    public var method: String
    /// Request target exactly as received, including the query, still percent-encoded.
    public var uri: String
    /// The part of ``uri`` before the first `?`; this is what routes and queues match on.
    public var path: String
    /// Raw text after the first `?` (still percent-encoded), or `nil` when there was no `?`;
    /// kept raw because exchange signatures are computed over the encoded query string.
    public var query: String?
    /// ``query`` split on `&` and `=` and percent-decoded, in the order sent.
    ///
    /// Decoding follows `application/x-www-form-urlencoded` (a `+` becomes a space), which is
    /// how exchange REST APIs define their query strings; use ``query`` to see the raw `+`.
    /// A name without `=` has an empty value; malformed `%` escapes are kept verbatim.
    public var queryItems: [(name: String, value: String)]
    /// Request headers in the order received, names with the client's capitalisation.
    public var headers: [(name: String, value: String)]
    /// The complete (aggregated) request body.
    public var body: [UInt8]
    /// When the last byte of the request arrived, for asserting on retry back-off spacing.
    public var receivedAt: ContinuousClock.Instant
    /// Identifies the TCP connection the request came over (1 for the first accepted
    /// connection, then 2, ...), so tests can tell keep-alive reuse from reconnects.
    public var connectionID: Int

    /// Creates a record; the server builds these itself, the initializer is public so tests of
    /// code that consumes records can fabricate them.
    public init(
        method: String,
        uri: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        receivedAt: ContinuousClock.Instant = .now,
        connectionID: Int = 0
    ) {
        self.method = method
        self.uri = uri
        if let questionMark = uri.firstIndex(of: "?") {
            self.path = String(uri[..<questionMark])
            let query = String(uri[uri.index(after: questionMark)...])
            self.query = query
            self.queryItems = Self.parseQuery(query)
        } else {
            self.path = uri
            self.query = nil
            self.queryItems = []
        }
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
        self.connectionID = connectionID
    }

    /// The body decoded as UTF-8 (invalid sequences replaced), for readable assertions.
    public var bodyString: String {
        String(decoding: body, as: UTF8.self)
    }

    /// First value of the header called `name`, compared case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first(where: { $0.name.lowercased() == wanted })?.value
    }

    /// First decoded value of the query parameter called `name` (case-sensitive, as servers
    /// treat parameter names).
    public func queryValue(_ name: String) -> String? {
        queryItems.first(where: { $0.name == name })?.value
    }

    static func parseQuery(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (
                    name: formDecode(pair[..<equals]),
                    value: formDecode(pair[pair.index(after: equals)...])
                )
            }
            return (name: formDecode(pair), value: "")
        }
    }

    static func formDecode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2,
                    let high = hexValue(iterator[iterator.startIndex]),
                    let low = hexValue(iterator[iterator.startIndex + 1])
                {
                    bytes.append(high << 4 | low)
                    iterator = iterator.dropFirst(2)
                } else {
                    // Keeping a malformed escape verbatim shows the test what the client sent
                    // instead of hiding it behind a decoding error.
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
