import Foundation
@testable import RunnerCore
import Testing

@Suite("runner venues, usage and configuration errors")
struct RunnerErrorTests {
    @Test("venues lists ids, plugins, channels and whether each credential variable is set, never its value")
    func venues() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let outcome = await sandbox.run(["venues"], environment: ["TEST_KC_KEY": TestKC.key])
        #expect(outcome.code == 0)
        #expect(outcome.stdout.contains("kucoin-futures") && outcome.stdout.contains("KuCoinFutures") && outcome.stdout.contains("custom"))
        #expect(outcome.stdout.contains("TEST_KC_KEY=set") && outcome.stdout.contains("TEST_KC_SECRET=unset"))
        #expect(outcome.stdout.contains("mark_price") && !outcome.leaksSecrets)
        let json = await sandbox.run(["venues", "--format", "json"], environment: TestKC.environment)
        let entry = try #require(json.objects().first)
        #expect(entry.string("id") == "kucoin-futures" && (entry["credentials"] as? [String: Bool]) == [
            "TEST_KC_KEY": true, "TEST_KC_SECRET": true, "TEST_KC_PASSPHRASE": true])
        #expect((entry["channels"] as? [String])?.contains("book") == true && (entry["rest"] as? [String])?.contains("place-order") == true)
        #expect(!json.leaksSecrets)
    }

    @Test("bad flags: usage on stderr, exit 64", arguments: [
        ["stream"],
        ["bogus-command"],
        ["stream", "kucoin-futures", "--limit", "-3", "--symbols", "XBTUSDTM"],
        ["stream", "kucoin-futures", "--channels", "trades"],
        ["stream", "kucoin-futures", "--symbols", "XBTUSDTM", "--channels", "telepathy"],
        ["stream", "no-such-venue", "--symbols", "XBTUSDTM"],
        ["rest", "kucoin-futures", "no-such-call"],
        ["rest", "kucoin-futures", "ticker"],
        ["rest", "kucoin-futures", "place-order", "--symbol", "XBTUSDTM", "--side", "up", "--size", "1", "--price", "1"],
        ["rest", "kucoin-futures", "place-order", "--symbol", "XBTUSDTM", "--side", "buy", "--size", "1.5e", "--price", "1"],
        ["sign", "kucoin-futures", "--method", "FETCH", "--path", "/x"],
        ["replay", "kucoin-futures", "missing-file.txt"],
        ["sim", "--faults", "explode=1"],
        ["demo", "--faults", "skip-every=0"],
    ])
    func usage(_ arguments: [String]) async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let outcome = await sandbox.run(arguments)
        #expect(outcome.code == 64, "\(arguments): \(outcome.stderr)")
        #expect(!outcome.stderr.isEmpty && outcome.stdout.isEmpty)
        #expect(!outcome.stderr.contains("Fatal error") && !outcome.stderr.contains("Stack"))
    }

    @Test("bad configuration: the file, the line and what is allowed, exit 78")
    func configuration() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        try sandbox.write("bad.yaml", """
            venues:
              - id: kucoin-futures
                plugin: KuCoinFutures
                environment: moon
            """)
        let outcome = await sandbox.run(["venues", "--config", "bad.yaml"])
        #expect(outcome.code == 78)
        #expect(outcome.stderr.contains("bad.yaml:4") && outcome.stderr.contains("live"), "\(outcome.stderr)")

        let missing = await sandbox.run(["venues", "--config", "nowhere.yaml"])
        #expect(missing.code == 78 && missing.stderr.contains("nowhere.yaml"))
    }

    @Test("a private channel or call without credentials names the variables, exit 78")
    func missingCredentials() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let stream = await sandbox.run(["stream", "kucoin-futures", "--channels", "orders"], environment: [:])
        #expect(stream.code == 78 && stream.stderr.contains("TEST_KC_PASSPHRASE"), "\(stream.stderr)")
        let rest = await sandbox.run(["rest", "kucoin-futures", "balance", "USDT"], environment: [:])
        #expect(rest.code == 78 && rest.stderr.contains("TEST_KC_KEY"))
    }

    @Test("help goes to stdout with exit 0")
    func help() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let outcome = await sandbox.run(["--help"])
        #expect(outcome.code == 0 && outcome.stdout.contains("stream") && outcome.stdout.contains("replay"))
    }

    @Test("without --config or ./Plugins.yaml the built-in default is the repository's Plugins.yaml")
    func builtInDefault() async throws {
        let sandbox = try RunnerSandbox(pluginsFile: false)
        defer { sandbox.remove() }
        let outcome = await sandbox.run(["venues", "--format", "json"])
        #expect(outcome.code == 0)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try String(contentsOf: repository.appendingPathComponent("Plugins.yaml"), encoding: .utf8)
        let ids = outcome.objects().compactMap { $0.string("id") }
        #expect(ids.contains("kucoin-futures"))
        for id in ids { #expect(file.contains("id: \(id)")) }
        #expect(DefaultPlugins.yaml + "\n" == file || DefaultPlugins.yaml == file, "the built-in default is a copy of Plugins.yaml")
    }
}
