import ExchangeKit
import ExchangeKitTesting
import KuCoinTestSupport
import Foundation
import RunnerCore
import Testing

/// Test credentials, in variables only the tests set.
enum TestKC {
    static let key = "runner-test-key"
    static let secret = "runner-test-SECRET-91c"
    static let passphrase = "runner-test-PASS-3e"
    static let environment = ["TEST_KC_KEY": key, "TEST_KC_SECRET": secret, "TEST_KC_PASSPHRASE": passphrase]

    /// base64(HMAC-SHA256(secret, message)), computed independently of ExchangeKit.
    static func hmac(_ message: String, secret: String = TestKC.secret) -> String { KuCoinAuth.hmac(message, secret: secret) }
}

/// One runner invocation's outcome.
struct RunOutcome {
    var code: Int32
    var stdout: String
    var stderr: String

    /// Stdout's lines, each parsed as a JSON object (a line that is not one fails the test).
    func objects(sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
        stdout.split(separator: "\n").compactMap { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON object: \(line)", sourceLocation: sourceLocation)
            return object
        }
    }

    /// Whether any secret shows anywhere in the output.
    var leaksSecrets: Bool {
        [TestKC.secret, TestKC.passphrase, TestKC.key].contains { stdout.contains($0) || stderr.contains($0) }
    }
}

/// A scratch directory holding a Plugins.yaml that points the KuCoin Futures venue at loopback servers.
struct RunnerSandbox {
    let directory: String

    init(restURL: String = "http://127.0.0.1:9", wsURL: String? = nil, extra: String = "", pluginsFile: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard pluginsFile else { return }
        let yaml = """
            venues:
              - id: kucoin-futures
                plugin: KuCoinFutures
                environment: custom
                rest_url: \(restURL)
            \(wsURL.map { "    ws_url: \($0)\n" } ?? "")    credentials: { key: TEST_KC_KEY, secret: TEST_KC_SECRET, passphrase: TEST_KC_PASSPHRASE }
                timeouts: { request: 2s }
                retry: { attempts: 1 }
                key_version: "2"
            \(extra)
            """
        try yaml.write(toFile: directory + "/Plugins.yaml", atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    /// Runs `runner` in the sandbox, as the executable would, with output captured.
    func run(_ arguments: [String], environment: [String: String] = TestKC.environment, stdin: Int32 = 0) async -> RunOutcome {
        let io = RunnerIO(stdout: OutputSink(), stderr: OutputSink(), environment: environment, currentDirectory: directory,
                          stdinDescriptor: stdin, flushInterval: .milliseconds(20))
        let code = await Runner.run(arguments, io: io)
        return RunOutcome(code: code, stdout: io.stdout.text, stderr: io.stderr.text)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func int(_ key: String) -> Int64? { (self[key] as? NSNumber)?.int64Value }
}

/// Scripted HTTP and WebSocket servers playing KuCoin Futures (bullets, then `frames(topic)` after each
/// subscription), and a sandbox whose Plugins.yaml points at them.
func withKuCoinFeed(
    _ frames: @escaping @Sendable (String) -> [String],
    _ body: (ScriptedHTTPServer, RunnerSandbox) async throws -> Void
) async throws {
    try await withScriptedHTTPServer { http in
        try await withScriptedWebSocketServer { ws in
            KuCoinBullets(tokenPrefix: "tok-").install(on: http, ws: ws.url)
            // The feed turns an ack into `subscribed` on its supervisor, beside the read loop: a
            // pause lets it land before the data, so short `--limit` runs see it.
            ws.onConnection { connection in await kucoinServer(connection, pauseAfterAck: .milliseconds(100), frames: frames) }
            let sandbox = try RunnerSandbox(restURL: http.baseURL)
            defer { sandbox.remove() }
            try await body(http, sandbox)
        }
    }
}
