import BinanceStub
import ExchangeKit
import Foundation
import KuCoinFutures
import KuCoinSpot

/// Everything a runner command reads from or writes to the outside world, so tests can run
/// the same entry point as the executable: output streams, environment, working directory,
/// standard input and the linked plugins.
public struct RunnerIO: Sendable {
    /// JSON lines and results.
    public var stdout: OutputSink
    /// Status, progress, logs and errors.
    public var stderr: OutputSink
    /// Where credential variables are read.
    public var environment: [String: String]
    /// Where `./Plugins.yaml` is looked for.
    public var currentDirectory: String
    /// The file descriptor `-` reads from.
    public var stdinDescriptor: Int32
    /// The plugins the runner links.
    public var registry: VenueRegistry
    /// How often buffered output is passed on while streaming.
    public var flushInterval: Duration

    /// Creates an IO set.
    public init(
        stdout: OutputSink, stderr: OutputSink, environment: [String: String],
        currentDirectory: String = FileManager.default.currentDirectoryPath, stdinDescriptor: Int32 = 0,
        registry: VenueRegistry = RunnerIO.plugins, flushInterval: Duration = .milliseconds(100)
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.stdinDescriptor = stdinDescriptor
        self.registry = registry
        self.flushInterval = flushInterval
    }

    /// The process's own streams and environment.
    public static func standard() -> RunnerIO {
        RunnerIO(stdout: .standardOutput(), stderr: .standardError(), environment: ProcessEnvironment.current)
    }

    /// Every plugin the runner is built with.
    public static let plugins = VenueRegistry([KuCoinFutures.self, KuCoinSpot.self, BinanceStub.self])

    /// The IO of the command running in this task.
    @TaskLocal public static var current = RunnerIO(stdout: OutputSink(memoryCapacity: 1), stderr: OutputSink(memoryCapacity: 1), environment: [:])
}
