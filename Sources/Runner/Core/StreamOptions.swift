import ArgumentParser
import ExchangeKit

/// What to stream and for how long: shared by `stream` and `record`.
struct StreamOptions: ParsableArguments {
    @Option(help: "Symbols, comma-separated, in the venue's spelling (XBTUSDTM,ETHUSDTM).")
    var symbols: String?

    @Option(help: "Channels, comma-separated: trades, ticker, book, book5, book50, candles, orders, positions, balance, mark_price, funding_rate.")
    var channels: String = "trades"

    @Option(help: "Candle interval for the candles channel (1m, 5m, 15m, 30m, 1h, 2h, 4h, 8h, 12h, 1d, 1w).")
    var interval: String = "1m"

    @Option(help: "Stop after this many data events (lifecycle events are not counted).")
    var limit: Int?

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    @Option(help: ArgumentHelp("Replace each connection before it is this many seconds old (at least 2), besides the venue's own limit.",
                               discussion: "stream: a successor dialled ahead takes over without loss (a `rotated` line); record: a planned reconnect."))
    var connectionLifetime: Double?

    func validate() throws {
        if let limit, limit <= 0 { throw ValidationError("--limit must be a positive number of events") }
        if let duration, !(duration > 0) || duration > 1e9 { throw ValidationError("--duration must be a positive number of seconds") }
        try Self.validate(connectionLifetime: connectionLifetime)
    }

    /// Checks a `--connection-lifetime` (for `demo` too).
    static func validate(connectionLifetime: Double?) throws {
        if let connectionLifetime, !(connectionLifetime >= 2) || connectionLifetime > 1e7 {
            throw ValidationError("--connection-lifetime must be a number of seconds from 2 to 10,000,000")
        }
    }

    /// The feed's configuration: the defaults, with `--connection-lifetime`.
    var feedConfiguration: FeedConfiguration {
        var configuration = FeedConfiguration()
        configuration.connectionLifetime = connectionLifetime.map { .milliseconds(Int64($0 * 1000)) }
        return configuration
    }

    /// The symbol list (empty when none was given).
    var symbolList: [String] {
        (symbols ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The subscriptions the flags ask for, checked against what the plugin offers.
    func subscriptions(for plugin: any VenuePlugin.Type, venue: String) throws -> [Subscription] {
        let symbols = symbolList
        let names = channels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw RunnerFailure.usage("--channels is empty") }
        let offered = plugin.capabilities.channels
        var subscriptions: [Subscription] = []
        for name in names {
            let (channel, depth) = Self.channel(named: name)
            guard offered.contains(channel) else {
                throw RunnerFailure.usage("venue \(venue) has no channel '\(name)'; it offers: \(offered.map(\.name).sorted().joined(separator: ", "))")
            }
            switch channel {
            case .orders, .positions:
                if symbols.isEmpty {
                    subscriptions.append(Subscription(channel: channel, symbol: nil))
                } else {
                    subscriptions += symbols.map { Subscription(channel: channel, symbol: $0) }
                }
            case .balance:
                subscriptions.append(.balance())
            default:
                guard !symbols.isEmpty else { throw RunnerFailure.usage("channel '\(name)' needs --symbols") }
                let bar: Duration? = channel == .candles ? try Self.interval(interval) : nil
                subscriptions += symbols.map { Subscription(channel: channel, symbol: $0, depth: depth, interval: bar) }
            }
        }
        return subscriptions
    }

    /// `book5` is the book channel at depth 5; other names are channels as spelled.
    static func channel(named name: String) -> (Capabilities.Channel, Int?) {
        if name.hasPrefix("book"), let depth = Int(name.dropFirst(4)), depth > 0 { return (.book, depth) }
        return (Capabilities.Channel(name), nil)
    }

    /// `1m`, `4h`, `1d`, `1w`, `30s` as a duration.
    static func interval(_ text: String) throws -> Duration {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0 else {
            throw RunnerFailure.usage("--interval '\(text)' is not a bar length such as 1m, 1h, 1d")
        }
        switch unit {
        case "s": return .seconds(count)
        case "m": return .seconds(count * 60)
        case "h": return .seconds(count * 3600)
        case "d": return .seconds(count * 86_400)
        case "w": return .seconds(count * 604_800)
        default: throw RunnerFailure.usage("--interval '\(text)': the unit must be s, m, h, d or w")
        }
    }
}
