import ArgumentParser
import ExchangeKit

/// `runner sign VENUE`: the headers and query parameters the venue's signer adds to exactly one request.
struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Print what the venue's signer adds to a request (headers, query parameters) as one JSON object.",
        discussion: """
            The request is signed as given; nothing already present is added again. Credentials come from the
            venue's configured environment variables; credential fields (the key, a passphrase) print as <redacted>.
            Example: runner sign kucoin-futures --method GET --path /api/v1/position --query symbol=XBTUSDTM --timestamp 1700000000000
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A venue id from Plugins.yaml.")
    var venue: String

    @Option(help: "The HTTP method (GET, POST, PUT, DELETE).")
    var method: String

    @Option(help: "The path, starting with /.")
    var path: String

    @Option(help: "The query string as it will be sent, without '?' (a=1&b=2).")
    var query: String?

    @Option(help: "The body, exactly as it will be sent.")
    var body: String?

    @Option(help: "The signing time in Unix milliseconds (default: now).")
    var timestamp: Int64?

    func validate() throws {
        guard HTTPMethod(rawValue: method.uppercased()) != nil else { throw ValidationError("--method must be GET, POST, PUT or DELETE") }
        guard path.hasPrefix("/") else { throw ValidationError("--path must start with /") }
        if let timestamp, timestamp <= 0 { throw ValidationError("--timestamp is Unix milliseconds, above 0") }
    }

    func run() async throws {
        let io = RunnerIO.current
        let config = try global.venueConfig(venue, io)
        guard config.credentials != nil else {
            _ = try Self.configurationError { try config.requireCredentials() }
            return
        }
        let plugin = try global.makeVenue(config, io)
        guard let signer = plugin.restClient?.venue.signer else { throw RunnerFailure.usage("venue \(venue) has no signer") }
        let original = PreparedRequest(method: HTTPMethod(rawValue: method.uppercased())!, path: path, query: Self.queryItems(query),
                                       body: Array((body ?? "").utf8), headers: [])
        var signed = original
        let time = timestamp.map { Timestamp(milliseconds: $0) } ?? plugin.restClient!.venueTime()
        try signer.sign(&signed, at: time)
        let shown = signed.redacted(signer.redactedFields)

        var json = JSONWriter()
        json.objectStart()
        json.field("venue", venue)
        json.field("method", original.method.rawValue)
        json.field("path", original.path)
        // The time handed to the signer; a venue may keep a timestamp the request already holds (Binance).
        json.field("signed_at_ms", time.milliseconds)
        json.key("headers")
        json.objectStart()
        for (name, value) in shown.headers.dropFirst(original.headers.count) {
            json.key(text: name)
            json.value(value)
        }
        json.objectEnd()
        json.key("query")
        json.objectStart()
        let added = shown.query.filter { item in !original.query.contains { $0.name == item.name } }
        for item in added {
            json.key(text: item.name)
            json.value(item.value)
        }
        json.objectEnd()
        json.field("target", shown.rawTarget)
        json.objectEnd()
        io.stdout.line(json.string)
    }

    /// `a=1&b=2` as items, kept exactly as typed (no decoding: the signature covers the text sent).
    static func queryItems(_ text: String?) -> [QueryItem] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return QueryItem(String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
            }
            return QueryItem(String(pair), "")
        }
    }

    /// Runs `body`, turning an ``ExchangeError`` into the exit code it deserves.
    static func configurationError<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExchangeError {
            throw RunnerFailure(message: "\(error.message)", exitCode: RunnerFailure.exitCode(for: error))
        }
    }
}
