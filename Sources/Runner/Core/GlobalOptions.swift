import ArgumentParser
import ExchangeKit
import Foundation
import Logging

/// The options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The venues file (default: ./Plugins.yaml, else the built-in default).")
    var config: String?

    @Option(help: "Least severe log level written to stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .notice

    /// Reads the venues file; a bad file is a configuration error naming file and line.
    func plugins(_ io: RunnerIO) throws -> PluginsFile {
        do {
            if let config {
                let path = config.hasPrefix("/") ? config : io.currentDirectory + "/" + config
                guard FileManager.default.fileExists(atPath: path) else {
                    throw RunnerFailure.configuration("\(config): no such file")
                }
                return try io.registry.load(contentsOf: path, environment: io.environment, requireCredentials: false)
            }
            let local = io.currentDirectory + "/Plugins.yaml"
            if FileManager.default.fileExists(atPath: local) {
                return try io.registry.load(contentsOf: local, environment: io.environment, requireCredentials: false)
            }
            return try io.registry.load(yaml: DefaultPlugins.yaml, file: "built-in Plugins.yaml", environment: io.environment,
                                        requireCredentials: false)
        } catch let error as ExchangeError {
            throw RunnerFailure.configuration(error.message)
        }
    }

    /// One venue's entry, by id.
    func venueConfig(_ id: String, _ io: RunnerIO) throws -> VenueConfig {
        let file = try plugins(io)
        guard var config = file.venue(VenueID(id)) else {
            let known = file.venues.map(\.id.rawValue).joined(separator: ", ")
            throw RunnerFailure.usage("no venue '\(id)' in \(file.file); configured: \(known.isEmpty ? "none" : known)")
        }
        guard config.enabled else {
            let location = config.source.map { "\($0)" } ?? file.file
            throw RunnerFailure.configuration("venue '\(id)' is disabled (\(location)); set enabled: true to use it")
        }
        config.dryRun = false
        return config
    }

    /// The venue's client, built from its entry.
    func makeVenue(_ config: VenueConfig, _ io: RunnerIO) throws -> any VenuePlugin {
        let context = VenueContext(logger: logger(io))
        do {
            return try io.registry.makeVenue(config, context: context)
        } catch let error as ExchangeError {
            throw RunnerFailure.configuration(error.message)
        }
    }

    /// A logger writing to stderr at the chosen level.
    func logger(_ io: RunnerIO, label: String = "runner") -> Logger {
        StderrLogHandler.logger(label, sink: io.stderr, level: logLevel)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
