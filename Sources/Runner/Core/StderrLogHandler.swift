import Foundation
import Logging

/// Writes log records as single lines to the runner's stderr: `level label: message key=value …`.
///
/// The runner builds its loggers with this handler rather than bootstrapping the
/// process-wide logging system, so each invocation (and each test) has its own level and sink.
struct StderrLogHandler: LogHandler {
    let sink: OutputSink
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, sink: OutputSink, level: Logger.Level) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = "\(event.level) \(label): \(event.message)"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        sink.line(line)
    }

    /// A logger writing to `sink` from `level` up.
    static func logger(_ label: String, sink: OutputSink, level: Logger.Level) -> Logger {
        Logger(label: label) { label in StderrLogHandler(label: label, sink: sink, level: level) }
    }
}
