import NIOHTTP1

/// One WebSocket dial as ``ScriptedWebSocketServer`` received it: the HTTP upgrade request,
/// kept so tests can assert on what the client put on the wire (path, query token, headers)
/// and on reconnect spacing.
public struct UpgradeRequest: Sendable {
    /// Request target exactly as received, including the query, still percent-encoded.
    public var uri: String
    /// The part of ``uri`` before the first `?`.
    public var path: String
    /// The query split on `&` and `=` and percent-decoded (a `+` becomes a space), in the
    /// order sent; a name without `=` has an empty value.
    public var queryItems: [(name: String, value: String)]
    /// Request headers in the order received, names with the client's capitalisation.
    public var headers: [(name: String, value: String)]
    /// When the upgrade request arrived.
    public var receivedAt: ContinuousClock.Instant

    /// Creates a record; the server builds these itself, the initializer is public so tests of
    /// code that consumes dials (e.g. upgrade gates) can fabricate them.
    public init(
        uri: String,
        headers: [(name: String, value: String)] = [],
        receivedAt: ContinuousClock.Instant = .now
    ) {
        self.uri = uri
        if let questionMark = uri.firstIndex(of: "?") {
            path = String(uri[..<questionMark])
            queryItems = Self.decodeQuery(uri[uri.index(after: questionMark)...])
        } else {
            path = uri
            queryItems = []
        }
        self.headers = headers
        self.receivedAt = receivedAt
    }

    init(head: HTTPRequestHead) {
        self.init(uri: head.uri, headers: head.headers.map { (name: $0.name, value: $0.value) })
    }

    /// First decoded value of the query parameter called `name` (case-sensitive).
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// First value of the header called `name`, compared case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    private static func decodeQuery(_ query: Substring) -> [(name: String, value: String)] {
        query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecoded(parts[0])
            let value = parts.count > 1 ? percentDecoded(parts[1]) : ""
            return (name: name, value: value)
        }
    }

    /// Form decoding; an escape that is not `%` plus two hex digits is kept as written so the
    /// test sees what the client sent.
    private static func percentDecoded(_ text: Substring) -> String {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexDigit(input[index + 1]), let low = hexDigit(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}

/// What ``ScriptedWebSocketServer`` does with a dial, as decided by its upgrade gate.
public enum UpgradeDecision: Sendable {
    /// Complete the WebSocket handshake (101 Switching Protocols) and run the script.
    case accept
    /// Answer the upgrade request with this HTTP status and body (sent as
    /// `application/json` when it starts with `{` or `[`, else `text/plain`), then close the
    /// connection; no WebSocket connection is created.
    case reject(status: Int, body: String)
}
