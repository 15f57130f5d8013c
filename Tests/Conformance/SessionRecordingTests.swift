import ExchangeKit
import ExchangeKitTesting
import Foundation
import RunnerCore
import Testing

/// Makes the recorded sessions again with `runner record` against scripted servers and checks
/// that they replay like the committed fixtures. With `CONFORMANCE_RECORD_DIR` set, the new
/// recording and its replay (`<name>.rec`, `<name>.jsonl`) are written there too, which is how
/// the fixtures were produced (Fixtures/README.md).
@Suite("Conformance fixtures: sessions recorded with runner record", .timeLimit(.minutes(2)))
struct SessionRecordingTests {
    @Test("a fresh recording of the session script replays to the committed expectations (receive times and interleaving aside)",
          arguments: SessionScript.all)
    func recordAgain(_ session: SessionScript) async throws {
        let name = session.name
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let directory = scratch.path
        let environment = ["CONF_KC_KEY": "conformance-key", "CONF_KC_SECRET": "conformance-SECRET-5e1d", "CONF_KC_PASSPHRASE": "conformance-PASS-9b2"]

        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                let profile = try #require(ConformanceCatalog.profile(for: session.plugin))
                profile.installStreamEndpoints(on: http, webSocketURL: ws.url, tokens: TokenLedger(prefix: "tok-"))
                let variables: [CredentialField: String] = [.key: "CONF_KC_KEY", .secret: "CONF_KC_SECRET", .passphrase: "CONF_KC_PASSPHRASE"]
                let credentials = profile.plugin.credentialFields.map { "\($0.rawValue): \(variables[$0]!)" }.joined(separator: ", ")
                let entry = [
                    "- id: \(session.venue)", "  plugin: \(session.plugin)", "  environment: custom", "  rest_url: \(http.baseURL)",
                    "  ws_url: \(ws.url)", "  credentials: { \(credentials) }", "  timeouts: { request: 5s }",
                ]
                try Data(("venues:\n" + entry.map { "  " + $0 + "\n" }.joined()).utf8).write(to: scratch.appendingPathComponent("Plugins.yaml"))
                let io = RunnerIO(stdout: OutputSink(), stderr: OutputSink(), environment: environment, currentDirectory: directory)
                async let code = Runner.run(["record", session.venue, "--symbols", session.symbols, "--channels", session.channels,
                                             "--duration", "5", "--out", "\(name).rec"], io: io)
                try await session.drive(http, ws)
                #expect(await code == 0, "\(io.stderr.text)")
            }
        }
        let recording = try String(contentsOfFile: directory + "/\(name).rec", encoding: .utf8)
        #expect(!recording.contains("tok-") && !recording.contains("conformance-SECRET"), "no token or secret is recorded")
        let io = RunnerIO(stdout: OutputSink(), stderr: OutputSink(), environment: [:], currentDirectory: directory)
        #expect(await Runner.run(["replay", session.venue, "\(name).rec", "--sync-books", "--config", "Plugins.yaml"], io: io) == 0)
        let replayed = io.stdout.text

        if let target = ProcessInfo.processInfo.environment["CONFORMANCE_RECORD_DIR"] {
            try recording.write(toFile: target + "/\(name).rec", atomically: true, encoding: .utf8)
            try replayed.write(toFile: target + "/\(name).jsonl", atomically: true, encoding: .utf8)
        }
        // What the servers sent is fixed; when it arrived, and so when each snapshot was fetched, is
        // not (a loaded machine may fetch one a moment later). So the fresh recording must hold the
        // committed one's frames and dials, and replay to the same kinds of events, none a decode failure.
        let committed = try Fixture.text("\(session.plugin)/sessions/\(name).rec", in: .module)
        let fresh = Self.content(recording)
        #expect(!fresh.isEmpty)
        #expect(fresh == Self.content(committed), "the committed recording no longer matches what the script records")
        let expected = try Fixture.text("\(session.plugin)/sessions/\(name).jsonl", in: .module)
        #expect(Self.kinds(replayed) == Self.kinds(expected))
        #expect(!replayed.contains(#""kind":"decode_failure""#))
    }

    /// The kinds of events in JSON lines.
    static func kinds(_ lines: String) -> Set<String> {
        Set(lines.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["kind"] as? String
        })
    }

    /// A recording's frames and dials without receive times and connect ids, sorted.
    static func content(_ recording: String) -> [String] {
        recording.split(separator: "\n").compactMap { line -> String? in
            guard var object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  ["frame", "dial"].contains(object["record"] as? String) else { return nil }
            object["recv_ts"] = nil
            if let text = object["text"] as? String {
                // Pongs follow the client's heartbeat, as many as the run lasted; welcomes carry a random connect id.
                if text.contains(#""type":"pong""#) { return nil }
                if text.contains(#""type":"welcome""#) { object["text"] = "welcome" }
            }
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: .sortedKeys) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }.sorted()
    }
}
