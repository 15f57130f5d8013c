import ArgumentParser
import ExchangeKit
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `runner record VENUE --out FILE`: every raw frame with its receive time, plus the book snapshots fetched.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a stream's raw frames and REST book snapshots to a file that `runner replay` and the conformance suite read.",
        discussion: "Example: runner record kucoin-futures --symbols XBTUSDTM --channels trades,book --out xbt.rec --duration 60")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A venue id from Plugins.yaml.")
    var venue: String

    @OptionGroup var stream: StreamOptions

    @Option(help: "The file to write (replaced if it exists).")
    var out: String

    func run() async throws {
        let io = RunnerIO.current
        let prepared = try PreparedStream(venue: venue, options: stream, global: global, io: io)
        let path = out.hasPrefix("/") ? out : io.currentDirectory + "/" + out
        let descriptor = systemOpen(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw RunnerFailure.usage("\(out): cannot create (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        let file = OutputSink(descriptor: descriptor, unbuffered: false)
        let recorder = SessionRecorder { file.write($0) }
        recorder.header(venue: prepared.config.id, plugin: prepared.config.plugin, subscriptions: prepared.subscriptions)

        let consumer = FeedConsumer(limit: stream.limit, duration: stream.duration.map { .milliseconds(Int64($0 * 1000)) }, io: io)
        var dataEvents = 0
        // Frames are recorded as read: a successor's overlap would be recorded twice, so the
        // lifetime limit is met by a planned reconnect, which a replay shows as one.
        var configuration = stream.feedConfiguration
        configuration.rotatesAheadOfLifetime = false
        let ending = try await consumer.run(venue: RecordingStreamVenue(prepared.streams, recorder: recorder),
                                            subscriptions: prepared.subscriptions, configuration: configuration,
                                            logger: prepared.logger) { event in
            if event.isData { dataEvents += 1 }
        }
        file.flush()
        if let failure = file.failure { throw RunnerFailure.failure("\(out): \(failure)") }
        io.stderr.line("runner: recorded \(recorder.frameCount) frames and \(recorder.snapshotCount) book snapshots (\(dataEvents) data events) to \(out); \(ending.rawValue)")
    }
}
