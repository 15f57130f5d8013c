import ExchangeKit
import Testing

@Suite("Plugins.yaml and the venue registry")
struct PluginsFileTests {
    let registry = VenueRegistry([TestPlugin.self, OtherPlugin.self])
    static let secret = "very-SECRET-value-42"
    let environment = ["T_KEY": "key-123456", "T_SECRET": secret, "T_PASS": "pass-XYZ-77"]

    func load(_ yaml: String, environment: [String: String]? = nil, requireCredentials: Bool = true) throws -> PluginsFile {
        try registry.load(yaml: yaml, file: "Plugins.yaml", environment: environment ?? self.environment, requireCredentials: requireCredentials)
    }

    /// The configuration error for `yaml`, checked to name the file and line and never a secret.
    func failure(_ yaml: String, line: Int, environment: [String: String]? = nil) throws -> String {
        do {
            _ = try load(yaml, environment: environment)
        } catch let error as ExchangeError {
            #expect(error.code == .configuration)
            #expect(error.message.hasPrefix("Plugins.yaml:\(line):"), "wrong location in: \(error.message)")
            #expect(!"\(error)".contains(Self.secret))
            return error.message
        }
        Issue.record("expected a configuration error")
        return ""
    }

    @Test("a complete file loads with credentials, timeouts, retries and option defaults")
    func loads() throws {
        let file = try load("""
            venues:
              - id: test-live
                plugin: TestVenue
                environment: live
                credentials: { key: T_KEY, secret: T_SECRET, passphrase: T_PASS }
                timeouts: { request: 2500ms }
                retry: { attempts: 5 }
              - id: other
                plugin: OtherVenue
                enabled: false
              - id: local
                plugin: TestVenue
                environment: custom
                rest_url: http://127.0.0.1:8080/
                credentials: { key: T_KEY, secret: T_SECRET, passphrase: T_PASS }
                key_version: "3"
            """)
        #expect(file.venues.map(\.id) == ["test-live", "other", "local"])
        #expect(file.enabledVenues.map(\.id) == ["test-live", "local"])
        let live = try #require(file.venue("test-live"))
        #expect(live.credentials?.key == "key-123456")
        #expect(live.credentials?.secret.withUnredactedValue { $0 } == Self.secret)
        #expect(live.requestTimeout == .milliseconds(2500))
        #expect(live.retryAttempts == 5)
        #expect(live.options["key_version"] == "2")
        #expect(live.source?.line == 2)
        let local = try #require(file.venue("local"))
        #expect(local.restURL == "http://127.0.0.1:8080")
        #expect(local.options["key_version"] == "3")
        let venue = try registry.makeVenue(local)
        #expect(venue.id == "local")
        #expect(venue is TestPlugin)
    }

    @Test("an unknown plugin names the line and the registered plugins")
    func unknownPlugin() throws {
        let message = try failure("""
            venues:
              - id: a
                plugin: KuCoinFuture
            """, line: 3)
        #expect(message.contains("KuCoinFuture"))
        #expect(message.contains("OtherVenue, TestVenue"))
    }

    @Test("a duplicate id names both places")
    func duplicate() throws {
        let message = try failure("""
            venues:
              - id: a
                plugin: OtherVenue
              - id: a
                plugin: OtherVenue
            """, line: 4)
        #expect(message.contains("duplicate venue id 'a'"))
        #expect(message.contains("line 2"))
    }

    @Test("a missing environment variable is named, or deferred when credentials are optional")
    func missingVariable() throws {
        let yaml = """
            venues:
              - id: a
                plugin: TestVenue
                credentials: { key: T_KEY, secret: T_SECRET, passphrase: T_MISSING }
            """
        let message = try failure(yaml, line: 4)
        #expect(message.contains("T_MISSING"))
        let lenient = try load(yaml, requireCredentials: false)
        let entry = try #require(lenient.venue("a"))
        #expect(entry.credentials == nil)
        #expect(entry.missingCredentialVariables == ["T_MISSING"])
        do {
            _ = try entry.requireCredentials()
            Issue.record("expected an error")
        } catch let error as ExchangeError {
            #expect(error.code == .authentication)
            #expect(error.authenticationReason == .missingCredentials)
            #expect(error.message.contains("T_MISSING"))
            #expect(error.message.contains("Plugins.yaml:2"))
        }
    }

    @Test("wrong types and values name the line and what is allowed", arguments: [
        ("enabled: yes", 4, "true or false"),
        ("environment: prod", 4, "live, sim, custom"),
        ("retry: { attempts: three }", 4, "1 to 10"),
        ("retry: { attempts: 0 }", 4, "1 to 10"),
        ("timeouts: { request: ten }", 4, "duration"),
        ("timeouts: { connect: 1s }", 4, "allowed: request"),
        ("key_version: \"4\"", 4, "2, 3"),
        ("rest_url: ftp://x", 4, "https://"),
        ("colour: red", 4, "allowed: id, plugin"),
        ("credentials: { key: T_KEY, secret: T_SECRET }", 4, "lack passphrase"),
        ("credentials: { key: T_KEY, secret: T_SECRET, passphrase: T_PASS, otp: X }", 4, "unknown credential field 'otp'"),
        ("credentials: { key: T_KEY, secret: \"abc def!\", passphrase: T_PASS }", 4, "NAME of an environment variable"),
        ("environment: custom", 2, "needs rest_url"),
    ])
    func wrongValues(line4: String, line: Int, expected: String) throws {
        let message = try failure("""
            venues:
              - id: a
                plugin: TestVenue
                \(line4)
            """, line: line)
        #expect(message.contains(expected), "\(message)")
    }

    @Test("credentials to a non-loopback plain-http URL are refused; loopback is allowed")
    func plainHTTP() throws {
        let message = try failure("""
            venues:
              - id: a
                plugin: TestVenue
                environment: custom
                rest_url: http://exchange.example.com
                credentials: { key: T_KEY, secret: T_SECRET, passphrase: T_PASS }
            """, line: 5)
        #expect(message.contains("not encrypted"))
        let ok = try load("""
            venues:
              - id: a
                plugin: TestVenue
                environment: sim
                credentials: { key: T_KEY, secret: T_SECRET, passphrase: T_PASS }
            """)
        #expect(ok.venues.first?.credentials != nil)
    }

    @Test("structural mistakes and invalid YAML are located")
    func structure() throws {
        #expect(try failure("venue: []", line: 1).contains("missing 'venues:'"))
        #expect(try failure("venues: {a: 1}", line: 1).contains("must be a list"))
        #expect(try failure("venues:\n  - plugin: TestVenue", line: 2).contains("missing 'id'"))
        #expect(try failure("venues:\n  - id: a b\n    plugin: TestVenue", line: 2).contains("may hold only"))
        do {
            _ = try load("venues:\n  - id: [unclosed\n")
            Issue.record("expected an error")
        } catch let error as ExchangeError {
            #expect(error.message.contains("Plugins.yaml: not valid YAML"))
            #expect(error.message.contains("line"))
        }
    }

    @Test("a plugin's own validation is reported with the entry's location")
    func pluginValidation() throws {
        let message = try failure("""
            venues:
              - id: a
                plugin: TestVenue
                environment: sim
                key_version: "3"
                credentials: { key: T_KEY, secret: T_SECRET, passphrase: T_PASS }
            """, line: 2)
        #expect(message.contains("not supported by the simulator"))
    }

    @Test("durations read as Plugins.yaml writes them", arguments: [
        ("10s", Duration.seconds(10)), ("500ms", .milliseconds(500)), ("1.5s", .milliseconds(1500)),
        ("2m", .seconds(120)), ("3", .seconds(3)), ("1h", .seconds(3600)),
    ])
    func durations(text: String, expected: Duration) {
        #expect(ConfigDuration.parse(text) == expected)
    }

    @Test("non-durations are refused", arguments: ["", "s", "-1s", "1.2.3s", "ten", "1d", "1e3s"])
    func notDurations(text: String) {
        #expect(ConfigDuration.parse(text) == nil)
    }
}
