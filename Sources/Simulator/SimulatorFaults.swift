import Foundation

/// Faults a simulator injects, so a client can be tested against a misbehaving venue: set in
/// ``SimulatorConfiguration/faults`` or while running with `POST /admin/faults`.
///
/// Written as `name=value` pairs separated by commas — the form `runner sim --faults` and the
/// admin endpoint take: `drop-every=500,silent-after=10s,skip-every=100,duplicate-every=100,
/// reorder-every=100,malformed-every=1000,drop-after=30s,5xx=3,429=5,latency=50ms`, and the
/// action `expire-tokens` (every token issued so far is refused on its next dial).
public struct SimulatorFaults: Sendable, Hashable, CustomStringConvertible {
    /// Close each WebSocket connection abruptly after this many frames sent to it.
    public var dropEvery: Int?
    /// Close each connection abruptly this long after it opened.
    public var dropAfter: Duration?
    /// Send nothing more (no frames, no pongs) on each connection this long after it opened.
    public var silentAfter: Duration?
    /// Leave out one level2 delta in every N (the client sees a sequence gap).
    public var skipEvery: Int?
    /// Send one level2 delta in every N twice.
    public var duplicateEvery: Int?
    /// Swap one level2 delta in every N with the one after it.
    public var reorderEvery: Int?
    /// After every N-th frame, send a truncated copy of it.
    public var malformedEvery: Int?
    /// Answer the next N REST requests with HTTP 503 and code 500000.
    public var serverErrors = 0
    /// Answer the next N REST requests with HTTP 429 and code 429000.
    public var rateLimitStorm = 0
    /// Delay every REST answer by this much.
    public var latency: Duration?
    /// Refuse every token issued before now on its next dial (an action, not a lasting state).
    public var expireTokens = false

    /// No faults.
    public init() {}

    /// Reads `name=value,…`; an unknown name or a bad value is an error naming it and what is allowed.
    public init(parsing text: String) throws(SimulatorError) {
        self.init()
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty && item != "none" {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let value = parts.count > 1 ? parts[1] : ""
            func count() throws(SimulatorError) -> Int {
                guard let number = Int(value), number > 0 else { throw SimulatorError(message: "fault \(name) needs a positive count, not '\(value)'") }
                return number
            }
            func duration() throws(SimulatorError) -> Duration {
                guard let parsed = Self.duration(value) else { throw SimulatorError(message: "fault \(name) needs a duration such as 500ms or 10s, not '\(value)'") }
                return parsed
            }
            switch name {
            case "drop-every": dropEvery = try count()
            case "drop-after": dropAfter = try duration()
            case "silent-after": silentAfter = try duration()
            case "skip-every": skipEvery = try count()
            case "duplicate-every": duplicateEvery = try count()
            case "reorder-every": reorderEvery = try count()
            case "malformed-every": malformedEvery = try count()
            case "5xx": serverErrors = try count()
            case "429": rateLimitStorm = try count()
            case "latency": latency = try duration()
            case "expire-tokens": expireTokens = true
            default:
                throw SimulatorError(message: "unknown fault '\(name)'; known: drop-every, drop-after, silent-after, skip-every, duplicate-every, reorder-every, malformed-every, 5xx, 429, latency, expire-tokens")
            }
        }
    }

    /// `250ms`, `10s`, `2m`.
    static func duration(_ text: String) -> Duration? {
        if text.hasSuffix("ms"), let value = Int64(text.dropLast(2)), value >= 0 { return .milliseconds(value) }
        if text.hasSuffix("s"), let value = Double(text.dropLast()), value >= 0, value < 1e7 { return .milliseconds(Int64(value * 1000)) }
        if text.hasSuffix("m"), let value = Int64(text.dropLast()), value >= 0 { return .seconds(value * 60) }
        return nil
    }

    public var description: String {
        var items: [String] = []
        if let dropEvery { items.append("drop-every=\(dropEvery)") }
        if let dropAfter { items.append("drop-after=\(KuCoinWire.milliseconds(dropAfter))ms") }
        if let silentAfter { items.append("silent-after=\(KuCoinWire.milliseconds(silentAfter))ms") }
        if let skipEvery { items.append("skip-every=\(skipEvery)") }
        if let duplicateEvery { items.append("duplicate-every=\(duplicateEvery)") }
        if let reorderEvery { items.append("reorder-every=\(reorderEvery)") }
        if let malformedEvery { items.append("malformed-every=\(malformedEvery)") }
        if serverErrors > 0 { items.append("5xx=\(serverErrors)") }
        if rateLimitStorm > 0 { items.append("429=\(rateLimitStorm)") }
        if let latency { items.append("latency=\(KuCoinWire.milliseconds(latency))ms") }
        return items.isEmpty ? "none" : items.joined(separator: ",")
    }
}
