import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

@Suite("Conformance catalog: what a listed venue needs before it can be checked")
struct ConformanceCatalogTests {
    @Test("a listed plugin without a profile fails with the files and the line to add")
    func missingProfile() {
        let venue = ConformanceCatalog.Listed(id: "my-venue", plugin: "MyVenue", scalars: [:])
        guard case .failure(let failure) = ConformanceCatalog.suite(for: venue) else {
            Issue.record("a plugin with no profile produced a suite")
            return
        }
        let text = failure.description
        #expect(text.contains("my-venue") && text.contains("MyVenue"))
        #expect(text.contains("Tests/Conformance/Profiles/MyVenueProfile.swift"))
        #expect(text.contains("MyVenueProfile(),") && text.contains("ConformanceProfiles.swift"))
        #expect(text.contains("Tests/Conformance/Fixtures/MyVenue/"))
    }

    @Test("a profile whose fixtures are incomplete names every missing file and what it is for")
    func missingFixtures() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("ws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let missing = ConformanceFixtures(directory: empty).missing(for: KuCoinFuturesProfile().plugin)
        #expect(missing.contains { $0.hasPrefix("ws/<name>.json") })
        #expect(missing.contains { $0.hasPrefix("sessions/<name>.rec") })
        #expect(missing.contains { $0.hasPrefix("rest/ticker.json:") && $0.contains("'ticker'") })
        #expect(missing.contains { $0.hasPrefix("rest/place-order.request.json:") })
        #expect(ConformanceFixtures(directory: empty.appendingPathComponent("absent")).missing(for: KuCoinFuturesProfile().plugin).count == 1)
    }

    @Test("the committed fixtures are complete for every registered profile, and the suite chooses checks from capabilities")
    func committedFixtures() {
        for profile in conformanceProfiles {
            let fixtures = ConformanceFixtures(plugin: profile.pluginName, in: .module)
            #expect(fixtures.missing(for: profile.plugin) == [], "\(profile.pluginName)")
            let names = ConformanceSuite(profile: profile, fixtures: fixtures).checkNames
            #expect(names.contains("recorded.sessions") && names.contains("faults.no-ghost-levels"))
            #expect(names.filter { $0.hasPrefix("requests.") }.count == profile.plugin.capabilities.rest.count)
            #expect(names.contains("faults.token-refused-on-redial") == profile.usesTokens)
            #expect(Set(names).count == names.count, "check names are unique")
            for (check, reason) in ConformanceSuite(profile: profile, fixtures: fixtures).exclusions {
                #expect(!names.contains(check) && reason.count > 20, "\(profile.pluginName) excludes \(check) with a reason")
            }
            #expect(ConformanceSuite(profile: profile, fixtures: fixtures).exclusions.count == profile.excludedChecks.count,
                    "every exclusion names a check the capabilities call for")
        }
    }
}
