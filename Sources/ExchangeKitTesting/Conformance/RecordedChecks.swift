import ExchangeKit
import Foundation

/// The recorded check: every session in `sessions/` replays, through the venue's decoder and
/// the book synchroniser, to exactly the events its `.jsonl` file lists.
enum RecordedChecks {
    static var all: [ConformanceCheck] {
        [
            ConformanceCheck(.recorded, "sessions", "every recorded session replays (books synchronised from its recorded snapshots) to exactly the expected JSON lines") { context in
                let venue = try context.decoder()
                let sessions = context.fixtures.sessions()
                guard !sessions.isEmpty else { throw ConformanceFailure("no sessions/*.rec to replay") }
                var findings: [String] = []
                for session in sessions {
                    findings += try compare(session, venue: venue)
                }
                if !findings.isEmpty { throw ConformanceFailure(findings) }
            },
        ]
    }

    /// The events a recording replays to, as JSON lines.
    static func replay(_ recording: [UInt8], venue: any StreamVenue) -> [String] {
        var replayer = SessionReplayer(venue: venue, synchronizeBooks: true)
        var events: [StreamEvent] = []
        for line in recording.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            Array(line).withUnsafeBytes { replayer.replay(bytes: $0, into: &events) }
        }
        replayer.finish(into: &events)
        return events.map(\.jsonLine)
    }

    static func compare(_ session: ConformanceFixtures.Session, venue: any StreamVenue) throws -> [String] {
        guard let recording = FileManager.default.contents(atPath: session.recording.path) else {
            return ["sessions/\(session.name).rec cannot be read"]
        }
        guard let expectedData = FileManager.default.contents(atPath: session.expected.path) else {
            return ["sessions/\(session.name).jsonl is missing: the events sessions/\(session.name).rec must replay to"]
        }
        let actual = replay(Array(recording), venue: venue)
        let expected = String(decoding: expectedData, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        var findings: [String] = []
        for index in 0..<max(actual.count, expected.count) {
            let want = index < expected.count ? expected[index] : nil
            let got = index < actual.count ? actual[index] : nil
            if let want, let got, sameObject(want, got) { continue }
            findings.append("sessions/\(session.name).jsonl line \(index + 1): expected \(want ?? "no more events"), replayed \(got ?? "no more events")")
            if findings.count >= 5 { break }
        }
        if actual.count != expected.count {
            findings.append("sessions/\(session.name): replayed \(actual.count) events, expected \(expected.count)")
        }
        return findings
    }

    /// Whether two JSON lines hold the same object (key order and spacing aside).
    static func sameObject(_ left: String, _ right: String) -> Bool {
        guard let a = try? JSONSerialization.jsonObject(with: Data(left.utf8)),
              let b = try? JSONSerialization.jsonObject(with: Data(right.utf8)) else { return left == right }
        return jsonEqual(a, b)
    }
}
