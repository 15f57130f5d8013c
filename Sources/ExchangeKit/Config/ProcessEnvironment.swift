import Foundation

/// Access to the process environment, kept in one place so tests can pass their own.
public enum ProcessEnvironment {
    /// The current process's environment variables.
    public static var current: [String: String] { ProcessInfo.processInfo.environment }
}
