import ExchangeKit
import ExchangeKitTesting
import Testing

@Suite("Conformance: every plugin in Plugins.yaml passes the same battery", .timeLimit(.minutes(2)))
struct ConformanceSuiteTests {
    @Test("Plugins.yaml is readable and lists at least one venue")
    func listed() throws {
        let venues = try ConformanceCatalog.listed.get()
        #expect(!venues.isEmpty)
    }

    @Test("the check", arguments: ConformanceCatalog.cases)
    func check(_ item: ConformanceCatalog.Case) async throws {
        let suite = try ConformanceCatalog.suite(for: item.venue).get()
        let name = try #require(item.check)
        let check = try #require(suite.check(named: name))
        let failure = await suite.run(check)
        #expect(failure == nil, "\(item.venue.id) \(check.name) — \(check.summary)\n\(failure.map(String.init(describing:)) ?? "")")
    }
}
