/// Checks on venue URLs that keep credentials off the network in clear text.
public enum EndpointURL {
    /// The host of an `http(s)://` or `ws(s)://` URL, without brackets or port.
    public static func host(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        var rest = url[schemeEnd.upperBound...]
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            return String(rest[rest.index(after: rest.startIndex)..<close])
        }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return rest.isEmpty ? nil : String(rest)
    }

    /// The URL's scheme, lower-cased.
    public static func scheme(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        return url[..<schemeEnd.lowerBound].lowercased()
    }

    /// Whether the URL is encrypted (`https`, `wss`).
    public static func isEncrypted(_ url: String) -> Bool {
        let scheme = scheme(of: url)
        return scheme == "https" || scheme == "wss"
    }

    /// Whether a host name is this machine (`localhost`, `127.0.0.0/8`, `::1`).
    public static func isLoopback(host: String) -> Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower == "::1" || lower == "0:0:0:0:0:0:0:1" { return true }
        let octets = lower.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Whether credentials may be sent to this URL: encrypted, or to this machine.
    public static func mayCarryCredentials(_ url: String) -> Bool {
        if isEncrypted(url) { return true }
        guard let host = host(of: url) else { return false }
        return isLoopback(host: host)
    }
}
