import ExchangeKit
import Foundation

/// The conformance battery for one venue: the checks its declared capabilities call for,
/// run over its fixtures and the scripted servers.
///
/// ```swift
/// let suite = ConformanceSuite(profile: MyVenueProfile(), fixtures: ConformanceFixtures(plugin: "MyVenue", in: .module))
/// for check in suite.checks {
///     if let failure = await suite.run(check) { print(check.name, failure) }
/// }
/// ```
public struct ConformanceSuite: Sendable {
    /// What the checks run against.
    public let context: ConformanceContext

    /// A suite for one venue.
    /// - Parameters:
    ///   - profile: what only the venue knows.
    ///   - fixtures: its recorded sessions, samples and request shapes.
    ///   - entry: its Plugins.yaml entry (id and options); by default an entry named after the plugin.
    public init(profile: any ConformanceProfile, fixtures: ConformanceFixtures, entry: VenueConfig? = nil) {
        let entry = entry ?? VenueConfig(id: VenueID(profile.pluginName.lowercased()), plugin: profile.pluginName)
        let credentials = Credentials(key: "conformance-key", secret: "conformance-SECRET-5e1d", passphrase: "conformance-PASS-9b2")
        context = ConformanceContext(profile: profile, fixtures: fixtures, entry: entry, credentials: credentials)
    }

    /// The checks the venue's capabilities call for, in a stable order, less the profile's exclusions.
    public var checks: [ConformanceCheck] {
        applicableChecks.filter { context.profile.excludedChecks[$0.name] == nil }
    }

    /// The checks the profile excludes, with its reasons.
    public var exclusions: [(check: String, reason: String)] {
        applicableChecks.compactMap { check in context.profile.excludedChecks[check.name].map { (check.name, $0) } }
    }

    /// Every check the capabilities call for.
    var applicableChecks: [ConformanceCheck] {
        let plugin = context.profile.plugin
        var checks: [ConformanceCheck] = []
        let channels = plugin.capabilities.channels
        if !channels.isEmpty {
            checks += RecordedChecks.all
            checks += SyntheticChecks.all
            if channels.contains(.trades) { checks += ConnectionFaultChecks.all(for: context.profile) }
            if channels.contains(.book) { checks += BookFaultChecks.all }
        }
        checks += RestFaultChecks.all(for: plugin)
        checks += RequestChecks.all(for: plugin)
        return checks
    }

    /// The names of ``checks``.
    public var checkNames: [String] { checks.map(\.name) }

    /// The check with a name, if the venue's capabilities call for it.
    public func check(named name: String) -> ConformanceCheck? { checks.first { $0.name == name } }

    /// Runs one check; nil when it passed, else what broke.
    public func run(_ check: ConformanceCheck) async -> ConformanceFailure? {
        do {
            try await check.body(context)
            return nil
        } catch let failure as ConformanceFailure {
            return failure
        } catch {
            return ConformanceFailure("\(error)")
        }
    }
}
