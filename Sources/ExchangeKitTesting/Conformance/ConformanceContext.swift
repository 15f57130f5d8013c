import ExchangeKit
import Foundation

/// What a check runs against: the venue's profile and fixtures, and how to build the venue
/// pointed at scripted servers.
public struct ConformanceContext: Sendable {
    /// The venue's profile.
    public let profile: any ConformanceProfile
    /// The venue's fixtures.
    public let fixtures: ConformanceFixtures
    /// The venue's Plugins.yaml entry (its id and options); URLs and credentials are replaced per check.
    public let entry: VenueConfig
    /// The credentials signed calls use (test values; they never leave loopback).
    public let credentials: Credentials

    /// The venue, pointed at `restURL` (and `webSocketURL`, Plugins.yaml's `ws_url`), its clock shifted by `clockOffset`.
    /// - Throws: whatever the plugin's initializer throws.
    public func makeVenue(restURL: String, webSocketURL: String? = nil, clockOffset: Duration = .zero,
                          requestTimeout: Duration = .seconds(2)) throws -> any VenuePlugin {
        var config = entry
        config.environment = .custom
        config.restURL = restURL
        config.wsURL = webSocketURL
        config.enabled = true
        config.dryRun = false
        config.requestTimeout = requestTimeout
        config.retryAttempts = 3
        config.credentials = profile.plugin.credentialFields.isEmpty ? nil : credentials
        let offset = clockOffset.nanoseconds
        let context = VenueContext(wallClock: { Timestamp(nanoseconds: Timestamp.now().nanoseconds + offset) })
        return try profile.plugin.init(config: config, context: context)
    }

    /// The venue's stream rules, for decoding only (its REST client points nowhere).
    /// - Throws: ``ConformanceFailure`` when the plugin has no streams.
    public func decoder() throws -> any StreamVenue {
        guard let streams = try makeVenue(restURL: "http://127.0.0.1:9").streams else {
            throw ConformanceFailure("\(profile.pluginName) declares channels but its `streams` is nil")
        }
        return streams
    }

    /// The decoded values a mutant may change through the venue's documented inferences.
    func inferred(_ mutant: FrameMutations.Mutant) -> Set<String> {
        guard case .key(let key)? = mutant.path.last else { return [] }
        return profile.inferences[key] ?? []
    }
}
