import ArgumentParser
import ExchangeKit
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `runner replay VENUE [FILE|-]`: decodes recorded or pasted frames offline and prints the events.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Decode frames, one per line (raw frame text, or lines written by `runner record`), and print the events.",
        discussion: "A line that does not decode gives a decode_failure event; the command still exits 0.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A venue id from Plugins.yaml: its decoder reads the frames.")
    var venue: String

    @Argument(help: "The file to read, or - for standard input.")
    var file: String = "-"

    @Flag(help: "Keep books with the synchroniser, using the snapshots recorded in the file.")
    var syncBooks = false

    @Option(help: "jsonl or pretty.")
    var format: EventFormat = .jsonl

    func run() async throws {
        let io = RunnerIO.current
        let config = try global.venueConfig(venue, io)
        let plugin = try global.makeVenue(config, io)
        guard let streams = plugin.streams else { throw RunnerFailure.usage("venue \(venue) has no streams to replay") }
        let descriptor = try openInput(io)
        defer { if descriptor != io.stdinDescriptor { close(descriptor) } }

        var replayer = SessionReplayer(venue: streams, synchronizeBooks: syncBooks)
        var lines = EventLineWriter(format: format)
        var events: [StreamEvent] = []
        var warnedAboutHeader = false
        try LineReader(descriptor: descriptor).forEachLine { line in
            events.removeAll(keepingCapacity: true)
            replayer.replay(bytes: line, into: &events)
            if !warnedAboutHeader, let header = replayer.header, header.plugin != config.plugin {
                warnedAboutHeader = true
                io.stderr.line("runner: warning: \(file) was recorded from \(header.plugin) (\(header.venue)), replayed with \(config.plugin)")
            }
            for event in events { lines.write(event, to: io.stdout) }
            return !io.stdout.isClosed
        }
        events.removeAll()
        replayer.finish(into: &events)
        for event in events { lines.write(event, to: io.stdout) }
        io.stderr.line("runner: replayed \(replayer.lineNumber) lines")
    }

    private func openInput(_ io: RunnerIO) throws -> Int32 {
        if file == "-" { return io.stdinDescriptor }
        let path = file.hasPrefix("/") ? file : io.currentDirectory + "/" + file
        let descriptor = systemOpen(path, O_RDONLY)
        guard descriptor >= 0 else { throw RunnerFailure.usage("\(file): cannot open (\(String(cString: strerror(errno))))") }
        return descriptor
    }
}

/// Reads a file descriptor line by line without loading it whole (recordings run to gigabytes).
struct LineReader {
    let descriptor: Int32
    /// The longest line kept; longer ones are cut (and then fail to decode, visibly).
    var maximumLineLength = 64 << 20

    /// Calls `body` with each line (without its newline) until the end or until it returns false.
    func forEachLine(_ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var pending: [UInt8] = []
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RunnerFailure.failure("read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            var start = 0
            for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
                let keepGoing: Bool
                if pending.isEmpty {
                    keepGoing = try chunk.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<index])) }
                } else {
                    pending.append(contentsOf: chunk[start..<index])
                    keepGoing = try pending.withUnsafeBytes { try body($0) }
                    pending.removeAll(keepingCapacity: true)
                }
                if !keepGoing { return }
                start = index + 1
            }
            if start < count, pending.count < maximumLineLength {
                pending.append(contentsOf: chunk[start..<min(count, start + maximumLineLength - pending.count)])
            }
        }
        if !pending.isEmpty { _ = try pending.withUnsafeBytes { try body($0) } }
    }
}
