/// Why a conformance check failed: what the rule expected and what the venue did.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// The findings, one line each (a frame, a request, an event that broke the rule).
    public var findings: [String]

    /// Creates a failure from findings.
    public init(_ findings: [String]) {
        self.findings = findings
    }

    /// Creates a failure from one finding.
    public init(_ finding: String) {
        self.findings = [finding]
    }

    public var description: String {
        // A mutation sweep can break a rule thousands of times; the first few say what is wrong.
        let shown = findings.prefix(12)
        let more = findings.count > shown.count ? "\n… and \(findings.count - shown.count) more" : ""
        return shown.joined(separator: "\n") + more
    }
}
