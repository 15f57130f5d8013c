/// One named rule of the conformance suite, run against one venue.
///
/// Names are stable (`faults.token-refused-on-redial`), so a failure says which rule broke;
/// ``summary`` says what the rule demands, which is what to fix when it fails.
public struct ConformanceCheck: Sendable, CustomStringConvertible {
    /// The family of a check, the first part of its name.
    public enum Family: String, Sendable, CaseIterable {
        /// Recorded sessions replay to their expected events.
        case recorded
        /// Mutated frames give a `decode_failure` or `unhandled` event, never a crash or a wrong value.
        case synthetic
        /// The stream and REST rules hold under scripted server faults.
        case faults
        /// Each declared REST call builds its documented request.
        case requests
    }

    /// The stable name, `<family>.<rule>`.
    public let name: String
    /// What the rule demands of a venue.
    public let summary: String
    /// The family.
    public let family: Family
    let body: @Sendable (ConformanceContext) async throws -> Void

    init(_ family: Family, _ rule: String, _ summary: String, _ body: @escaping @Sendable (ConformanceContext) async throws -> Void) {
        self.name = "\(family.rawValue).\(rule)"
        self.summary = summary
        self.family = family
        self.body = body
    }

    public var description: String { name }
}
