import ArgumentParser
import ExchangeKit

/// `runner stream VENUE`: events as JSON lines on stdout.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Stream events as JSON lines (DESIGN.md's format), lifecycle events included.",
        discussion: "Example: runner stream kucoin-futures --symbols XBTUSDTM --channels trades,ticker,book --limit 100")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A venue id from Plugins.yaml.")
    var venue: String

    @OptionGroup var stream: StreamOptions

    @Option(help: "jsonl (one JSON object per line) or pretty (aligned text for people).")
    var format: EventFormat = .jsonl

    func run() async throws {
        let io = RunnerIO.current
        try await Self.print(try PreparedStream(venue: venue, options: stream, global: global, io: io), options: stream, format: format, io: io)
    }

    /// Streams a prepared venue's events to stdout until the options say stop.
    static func print(_ prepared: PreparedStream, options: StreamOptions, format: EventFormat, io: RunnerIO) async throws {
        var lines = EventLineWriter(format: format)
        let consumer = FeedConsumer(limit: options.limit, duration: options.duration.map { .milliseconds(Int64($0 * 1000)) }, io: io)
        let ending = try await consumer.run(venue: prepared.streams, subscriptions: prepared.subscriptions, configuration: options.feedConfiguration,
                                            logger: prepared.logger) { event in
            lines.write(event, to: io.stdout)
        }
        io.stdout.flush()
        if let failure = io.stdout.failure { throw RunnerFailure.failure("stdout: \(failure)") }
        prepared.logger.info("stream ended", metadata: ["reason": "\(ending.rawValue)"])
    }
}

/// A venue ready to stream: its entry, plugin, stream rules and the checked subscriptions.
struct PreparedStream {
    var config: VenueConfig
    var plugin: any VenuePlugin
    var streams: any StreamVenue
    var subscriptions: [Subscription]
    var logger: Logger

    init(venue: String, options: StreamOptions, global: GlobalOptions, io: RunnerIO) throws {
        try self.init(config: try global.venueConfig(venue, io), options: options, global: global, io: io)
    }

    init(config: VenueConfig, options: StreamOptions, global: GlobalOptions, io: RunnerIO) throws {
        let venue = config.id.rawValue
        self.config = config
        guard let type = io.registry.plugin(named: config.plugin) else {
            throw RunnerFailure.configuration("venue \(venue): plugin \(config.plugin) is not linked into this runner")
        }
        subscriptions = try options.subscriptions(for: type, venue: venue)
        plugin = try global.makeVenue(config, io)
        guard let streams = plugin.streams else { throw RunnerFailure.usage("venue \(venue) has no streams") }
        self.streams = streams
        if subscriptions.contains(where: { streams.isPrivate($0) }) {
            do {
                _ = try config.requireCredentials()
            } catch let error as ExchangeError {
                throw RunnerFailure.configuration(error.message)
            }
        }
        logger = global.logger(io, label: "runner.\(venue)")
    }
}

import Logging
