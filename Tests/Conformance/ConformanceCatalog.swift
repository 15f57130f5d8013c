import ExchangeKit
import ExchangeKitTesting
import Foundation
import Yams

/// The venues the repository's Plugins.yaml lists, matched with their profiles and fixtures.
enum ConformanceCatalog {
    /// The repository's own Plugins.yaml, found from this file's place in the tree.
    static let pluginsFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Plugins.yaml")

    /// One `venues:` entry.
    struct Listed: Sendable {
        var id: String
        var plugin: String
        /// The entry's scalar keys, for the plugin's own options (`key_version`).
        var scalars: [String: String]
    }

    /// Every entry of Plugins.yaml, or why it could not be read.
    static let listed: Result<[Listed], ConformanceFailure> = {
        guard let text = try? String(contentsOf: pluginsFile, encoding: .utf8) else {
            return .failure(ConformanceFailure("cannot read \(pluginsFile.path)"))
        }
        guard let root = (try? Yams.load(yaml: text)) as? [String: Any], let venues = root["venues"] as? [[String: Any]] else {
            return .failure(ConformanceFailure("\(pluginsFile.path) has no `venues:` list"))
        }
        return .success(venues.map { entry in
            var scalars: [String: String] = [:]
            for (key, value) in entry where !(value is [String: Any]) && !(value is [Any]) { scalars[key] = "\(value)" }
            return Listed(id: entry["id"] as? String ?? "?", plugin: entry["plugin"] as? String ?? "?", scalars: scalars)
        })
    }()

    /// The profile registered for a plugin name.
    static func profile(for plugin: String) -> (any ConformanceProfile)? {
        conformanceProfiles.first { $0.pluginName == plugin }
    }

    /// The suite of a listed venue, or what must be added before it can run.
    static func suite(for venue: Listed) -> Result<ConformanceSuite, ConformanceFailure> {
        guard let profile = profile(for: venue.plugin) else {
            return .failure(ConformanceFailure("""
                Plugins.yaml lists venue '\(venue.id)' (plugin \(venue.plugin)), which has no conformance profile. Add:
                  Tests/Conformance/Profiles/\(venue.plugin)Profile.swift: a `struct \(venue.plugin)Profile: ConformanceProfile`
                  one line `\(venue.plugin)Profile(),` in Tests/Conformance/Profiles/ConformanceProfiles.swift
                  "\(venue.plugin)" among ConformanceTests' dependencies in Package.swift
                  Tests/Conformance/Fixtures/\(venue.plugin)/ with ws/*.json, rest/<call>.json and rest/<call>.request.json per declared REST call, sessions/*.rec and *.jsonl (Tests/Conformance/Fixtures/README.md)
                """))
        }
        let fixtures = ConformanceFixtures(plugin: venue.plugin, in: .module)
        let missing = fixtures.missing(for: profile.plugin)
        guard missing.isEmpty else {
            return .failure(ConformanceFailure(["Plugins.yaml lists venue '\(venue.id)' (plugin \(venue.plugin)), whose fixtures in Tests/Conformance/Fixtures/\(venue.plugin)/ lack:"]
                + missing.map { "  \($0)" }))
        }
        var options: [String: String] = [:]
        for option in profile.plugin.options { options[option.key] = venue.scalars[option.key] ?? option.defaultValue }
        let entry = VenueConfig(id: VenueID(venue.id), plugin: venue.plugin, options: options)
        return .success(ConformanceSuite(profile: profile, fixtures: fixtures, entry: entry))
    }

    /// One parameter of the suite test: a check of a listed venue, or a venue that cannot be checked.
    struct Case: Sendable, CustomStringConvertible {
        var venue: Listed
        /// The check's name; nil when the venue has no profile or fixtures.
        var check: String?
        var description: String { "\(venue.id) \(check ?? "(not runnable)")" }
    }

    /// Every check of every listed venue; a venue without profile or fixtures gives one case that fails.
    static var cases: [Case] {
        guard case .success(let venues) = listed else { return [] }
        var seen: Set<String> = []
        return venues.filter { seen.insert($0.plugin).inserted }.flatMap { venue -> [Case] in
            switch suite(for: venue) {
            case .success(let suite): suite.checkNames.map { Case(venue: venue, check: $0) }
            case .failure: [Case(venue: venue, check: nil)]
            }
        }
    }
}
