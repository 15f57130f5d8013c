import ArgumentParser
import ExchangeKit

/// The `runner` command: venues chosen in Plugins.yaml; stream, rest, sign, replay, record.
public struct Runner: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "runner",
        abstract: "Stream, record, replay and call crypto exchanges through ExchangeKit's venues.",
        discussion: """
            Venues come from Plugins.yaml (--config, else ./Plugins.yaml, else the built-in default).
            Events are JSON lines on stdout; status and errors go to stderr.
            Exit codes: 0 success, 1 venue error, 64 usage error, 78 configuration error.
            """,
        subcommands: [VenuesCommand.self, StreamCommand.self, RestCommand.self, SignCommand.self, ReplayCommand.self, RecordCommand.self,
                      SimCommand.self, DemoCommand.self]
    )

    public init() {}

    /// Runs one invocation with the given IO and returns its exit code; never calls `exit`.
    public static func run(_ arguments: [String], io: RunnerIO) async -> Int32 {
        await RunnerIO.$current.withValue(io) {
            let code: Int32
            do {
                var command = try parseAsRoot(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                code = 0
            } catch {
                code = report(error, io: io)
            }
            io.stdout.flush()
            io.stderr.flush()
            return code
        }
    }

    /// Writes an error for a person to read and returns its exit code.
    static func report(_ error: any Error, io: RunnerIO) -> Int32 {
        if let failure = error as? RunnerFailure {
            io.stderr.line("runner: \(failure.message)")
            return failure.exitCode
        }
        if let exchangeError = error as? ExchangeError {
            io.stderr.line("runner: \(exchangeError)")
            return RunnerFailure.exitCode(for: exchangeError)
        }
        if error is CancellationError {
            return 0
        }
        // Argument parsing: usage (64), help and version (0, on stdout).
        let code = exitCode(for: error).rawValue
        let message = fullMessage(for: error)
        if !message.isEmpty {
            if code == 0 { io.stdout.line(message) } else { io.stderr.line(message) }
        }
        return code
    }
}

/// A failure the runner explains itself, with its exit code.
struct RunnerFailure: Error, Sendable {
    var message: String
    var exitCode: Int32

    /// Bad flags or arguments (`EX_USAGE`).
    static func usage(_ message: String) -> RunnerFailure { RunnerFailure(message: message, exitCode: 64) }
    /// Bad configuration (`EX_CONFIG`).
    static func configuration(_ message: String) -> RunnerFailure { RunnerFailure(message: message, exitCode: 78) }
    /// A venue or I/O failure.
    static func failure(_ message: String) -> RunnerFailure { RunnerFailure(message: message, exitCode: 1) }

    /// Configuration and missing credentials are the user's setup (78); everything else the venue said is 1.
    static func exitCode(for error: ExchangeError) -> Int32 {
        switch error.code {
        case .configuration: return 78
        case .authentication where error.authenticationReason == .missingCredentials: return 78
        default: return 1
        }
    }
}
