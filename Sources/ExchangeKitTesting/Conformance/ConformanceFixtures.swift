import ExchangeKit
import Foundation

/// One plugin's conformance fixtures: the folder `Fixtures/<Plugin>/` of a test target.
///
/// ```text
/// Fixtures/<Plugin>/
///   README.md                      where every file came from and how it was checked
///   ws/<name>.json                 one venue frame each, as sent (the synthetic checks mutate them)
///   rest/<call>.json               the venue's documented reply to each declared REST call (`ticker.json`)
///   rest/<call>.request.json       the request the plugin must build for it:
///                                  {"method":"GET","path":"/api/v1/ticker","query":{"symbol":"XBTUSDTM"},"body":null,"signed":false}
///   sessions/<name>.rec            a session as `runner record` writes it (frames, receive times, dials, REST snapshots)
///   sessions/<name>.jsonl          the events it must replay to, as `runner replay --sync-books` prints them
/// ```
public struct ConformanceFixtures: Sendable {
    /// The plugin's folder.
    public let directory: URL

    /// Fixtures in `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The fixtures of `plugin` in a test bundle declared with `resources: [.copy("Fixtures")]`.
    public init(plugin: String, in bundle: Bundle) {
        let root = bundle.resourceURL ?? bundle.bundleURL
        self.init(directory: root.appendingPathComponent("Fixtures").appendingPathComponent(plugin))
    }

    /// One stream frame sample.
    public struct FrameSample: Sendable {
        /// The file name without `.json`.
        public var name: String
        /// The frame's bytes, without trailing white space.
        public var bytes: [UInt8]
    }

    /// A recorded session and the events it must replay to.
    public struct Session: Sendable {
        /// The file name without extension.
        public var name: String
        /// The `.rec` file.
        public var recording: URL
        /// The `.jsonl` file.
        public var expected: URL
    }

    /// Whether the folder exists at all.
    public var exists: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// Every `ws/*.json` sample, by name.
    /// - Throws: ``ConformanceFailure`` when a file cannot be read.
    public func frameSamples() throws -> [FrameSample] {
        try files(in: "ws", ending: ".json").map { name in
            var bytes = try read("ws/\(name).json")
            while let last = bytes.last, last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { bytes.removeLast() }
            return FrameSample(name: name, bytes: bytes)
        }
    }

    /// Every session with both its files (a recording without expectations is reported by ``missing(for:)``).
    public func sessions() -> [Session] {
        files(in: "sessions", ending: ".rec").map { name in
            Session(name: name, recording: url("sessions/\(name).rec"), expected: url("sessions/\(name).jsonl"))
        }
    }

    /// The documented reply to a REST call.
    /// - Throws: ``ConformanceFailure`` naming the missing file.
    public func reply(for call: Capabilities.RestCall) throws -> [UInt8] {
        try read("rest/\(call.name).json")
    }

    /// The request a REST call must build.
    /// - Throws: ``ConformanceFailure`` naming the missing or malformed file.
    public func requestShape(for call: Capabilities.RestCall) throws -> RequestShape {
        let path = "rest/\(call.name).request.json"
        return try RequestShape(json: read(path), file: path)
    }

    /// What a plugin's declared capabilities need that the folder lacks, one line per file,
    /// saying what it is for; empty when nothing is missing.
    public func missing(for plugin: any VenuePlugin.Type) -> [String] {
        guard exists else {
            return ["the folder \(directory.lastPathComponent)/ itself (with ws/, rest/ and sessions/ as Fixtures/README.md describes)"]
        }
        var missing: [String] = []
        if !plugin.capabilities.channels.isEmpty {
            if files(in: "ws", ending: ".json").isEmpty {
                missing.append("ws/<name>.json: at least one frame sample of each message the venue sends (the synthetic checks mutate them)")
            }
            let sessions = files(in: "sessions", ending: ".rec")
            if sessions.isEmpty {
                missing.append("sessions/<name>.rec: a session recorded with `runner record` (the recorded check replays it)")
            }
            for name in sessions where !FileManager.default.fileExists(atPath: url("sessions/\(name).jsonl").path) {
                missing.append("sessions/\(name).jsonl: the events sessions/\(name).rec must replay to")
            }
        }
        for call in plugin.capabilities.rest.sorted(by: { $0.name < $1.name }) {
            if !FileManager.default.fileExists(atPath: url("rest/\(call.name).json").path) {
                missing.append("rest/\(call.name).json: the venue's documented reply to declared REST call '\(call.name)'")
            }
            if !FileManager.default.fileExists(atPath: url("rest/\(call.name).request.json").path) {
                missing.append("rest/\(call.name).request.json: the request declared REST call '\(call.name)' must build")
            }
        }
        return missing
    }

    // MARK: - Files

    func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    func read(_ relative: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url(relative).path) else {
            throw ConformanceFailure("fixture \(directory.lastPathComponent)/\(relative) is missing")
        }
        return Array(data)
    }

    func files(in folder: String, ending suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return names.filter { $0.hasSuffix(suffix) && !$0.hasSuffix(".request" + suffix) }
            .map { String($0.dropLast(suffix.count)) }.sorted()
    }
}
