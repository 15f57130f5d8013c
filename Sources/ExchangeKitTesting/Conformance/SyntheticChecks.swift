import ExchangeKit
import Foundation

/// The synthetic checks: every frame derived from the venue's own samples gives a
/// `decode_failure` or `unhandled` event, or the sample's own values — never a crash,
/// never a value the frame does not hold.
enum SyntheticChecks {
    static var all: [ConformanceCheck] {
        [
            ConformanceCheck(.synthetic, "field-removed", "removing any member of a sample gives decode_failure/unhandled or the sample's own values minus what was removed, never nothing at all") { context in
                try sweep(context) { sample, document, _ in
                    objectMembers(document).map { path in
                        mutant(sample, "\(FrameMutations.describe(path)) removed", document.replacing(path, with: nil), path)
                    }
                } judge: { outcome, original, mutant in outcome.isFailureOnly || outcome.isSubset(of: original, inferred: context.inferred(mutant)) }
            },
            ConformanceCheck(.synthetic, "field-null", "setting any value of a sample to null gives decode_failure/unhandled or the sample's own values minus that one") { context in
                try sweep(context) { sample, document, _ in
                    document.paths.map { path in
                        mutant(sample, "\(FrameMutations.describe(path)) set to null", document.replacing(path, with: .literal("null")), path)
                    }
                } judge: { outcome, original, mutant in outcome.isFailureOnly || outcome.isSubset(of: original, inferred: context.inferred(mutant)) }
            },
            ConformanceCheck(.synthetic, "field-wrong-type", "giving any value of a sample the wrong type (an object for a scalar, a string for an object) gives decode_failure/unhandled or the sample's own values minus that one") { context in
                try sweep(context) { sample, document, _ in
                    document.paths.compactMap { path in
                        guard let value = document[path] else { return nil }
                        return mutant(sample, "\(FrameMutations.describe(path)) given the wrong type",
                                      document.replacing(path, with: FrameMutations.wrongType(for: value)), path)
                    }
                } judge: { outcome, original, mutant in outcome.isFailureOnly || outcome.isSubset(of: original, inferred: context.inferred(mutant)) }
            },
            ConformanceCheck(.synthetic, "number-huge", "a number of 60 significant digits in place of any number gives decode_failure/unhandled, the sample's own values, or the digits verbatim (an id)") { context in
                try numberSweep(context, "made huge") { _ in FrameMutations.huge } judge: { old, new, literal in new == literal }
            },
            ConformanceCheck(.synthetic, "number-negative", "any number negated gives decode_failure/unhandled or exactly the negated values, never another value") { context in
                try numberSweep(context, "negated", unchangedMeansWrong: true) { FrameMutations.negated($0) } judge: { old, new, literal in
                    new == literal || (decimal(new) != nil && decimal(new) == decimal(old).map { -$0 })
                }
            },
            ConformanceCheck(.synthetic, "number-exponent", "any number in exponent form (9.05039E4) gives decode_failure/unhandled or exactly the same values") { context in
                try numberSweep(context, "in exponent form") { FrameMutations.exponentForm($0) } judge: { old, new, literal in
                    new == literal || (decimal(new) != nil && decimal(new) == decimal(old))
                }
            },
            ConformanceCheck(.synthetic, "truncated", "every sample cut at every byte boundary gives decode_failure/unhandled only") { context in
                try sweep(context) { sample, _, bytes in
                    (0..<bytes.count).map { FrameMutations.Mutant(description: "ws/\(sample).json cut to \($0) bytes", bytes: Array(bytes[..<$0])) }
                } judge: { outcome, _, _ in outcome.isFailureOnly }
            },
            ConformanceCheck(.synthetic, "unknown-routing", "an unknown value in any routing key (topic, subject, type) gives decode_failure/unhandled only") { context in
                try sweep(context) { sample, document, _ in
                    context.profile.routingKeys(ofSample: sample).compactMap { key in
                        let path = routingPath(key)
                        guard document[path]?.literalKind == .string else { return nil }
                        return mutant(sample, ".\(key) unknown", document.replacing(path, with: .literal("\"conformance-unknown-\(key)\"")))
                    }
                } judge: { outcome, _, _ in outcome.isFailureOnly }
            },
            ConformanceCheck(.synthetic, "binary-frame", "every sample sent as a binary frame gives decode_failure/unhandled only") { context in
                let venue = try context.decoder()
                var findings: [String] = []
                for sample in try context.fixtures.frameSamples() {
                    let outcome = DecodeOutcome(venue, sample.bytes, binary: true)
                    if !outcome.isFailureOnly { findings.append("ws/\(sample.name).json as a binary frame gave \(outcome.summary)") }
                }
                if !findings.isEmpty { throw ConformanceFailure(findings) }
            },
            ConformanceCheck(.synthetic, "huge-frame", "1 MiB frames (a long array, deep nesting, an unterminated string) give decode_failure/unhandled with a bounded excerpt") { context in
                let venue = try context.decoder()
                let mebibyte = 1 << 20
                let frames: [(String, [UInt8])] = [
                    ("a 1 MiB array of numbers", Array(("[" + String(repeating: "1,", count: mebibyte / 2) + "1]").utf8)),
                    ("1 MiB of nested arrays", [UInt8](repeating: UInt8(ascii: "["), count: mebibyte)),
                    ("a 1 MiB unterminated string", Array(("{\"" + String(repeating: "a", count: mebibyte)).utf8)),
                    ("a 1 MiB object of unknown keys", Array(("{" + (0..<(mebibyte / 16)).map { "\"k\($0)\":1" }.joined(separator: ",") + "}").utf8)),
                ]
                var findings: [String] = []
                for (name, bytes) in frames {
                    let outcome = DecodeOutcome(venue, bytes)
                    if !outcome.isFailureOnly { findings.append("\(name) gave \(outcome.summary)") }
                    if outcome.longestExcerpt > 1024 { findings.append("\(name): the decode_failure excerpt is \(outcome.longestExcerpt) bytes (unbounded)") }
                }
                if !findings.isEmpty { throw ConformanceFailure(findings) }
            },
            ConformanceCheck(.synthetic, "invalid-utf8", "invalid UTF-8 in a routing key or a whole frame gives decode_failure/unhandled; in any other string, that or the sample's own values") { context in
                let sequences: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80]]
                try sweep(context) { sample, document, _ in
                    var mutants: [FrameMutations.Mutant] = [
                        FrameMutations.Mutant(description: "ws/\(sample).json: a frame of invalid bytes", bytes: [0xFF, 0xFE, 0xFD, 0x7B, 0x7D]),
                    ]
                    for key in context.profile.routingKeys(ofSample: sample) where document[routingPath(key)]?.literalKind == .string {
                        for invalid in sequences {
                            mutants.append(FrameMutations.Mutant(
                                description: "ws/\(sample).json: .\(key) holds \(invalid)",
                                bytes: FrameMutations.bytes(of: document.replacing(routingPath(key), with: .literal("\"\(FrameMutations.invalidMarker)\"")), invalid: invalid)))
                        }
                    }
                    return mutants
                } judge: { outcome, _, _ in outcome.isFailureOnly }
                try sweep(context) { sample, document, _ in
                    document.paths.compactMap { path in
                        guard case .literal(let text)? = document[path], text.hasPrefix("\"") else { return nil }
                        let broken = "\"" + FrameMutations.invalidMarker + text.dropFirst()
                        return FrameMutations.Mutant(description: "ws/\(sample).json: \(FrameMutations.describe(path)) starts with 0xFF",
                                                     bytes: FrameMutations.bytes(of: document.replacing(path, with: .literal(broken)), invalid: [0xFF]))
                    }
                } judge: { outcome, original, _ in outcome.isFailureOnly || outcome.leaves == original.leaves }
            },
        ]
    }

    // MARK: - Sweeps

    typealias Judge = (_ outcome: DecodeOutcome, _ original: DecodeOutcome, _ mutant: FrameMutations.Mutant) -> Bool

    /// Decodes every mutant of every sample and collects those the judge rejects.
    static func sweep(
        _ context: ConformanceContext, _ mutants: (String, RawJSON, [UInt8]) -> [FrameMutations.Mutant], judge: Judge
    ) throws {
        let venue = try context.decoder()
        let samples = try context.fixtures.frameSamples()
        guard !samples.isEmpty else { throw ConformanceFailure("no ws/*.json samples to mutate") }
        var findings: [String] = []
        for sample in samples {
            guard let document = try? RawJSON(parsing: sample.bytes) else {
                findings.append("ws/\(sample.name).json is not well-formed JSON: a sample must be a frame the venue really sends")
                continue
            }
            let original = DecodeOutcome(venue, sample.bytes)
            for mutant in mutants(sample.name, document, sample.bytes) {
                let outcome = DecodeOutcome(venue, mutant.bytes)
                if !judge(outcome, original, mutant) {
                    findings.append("\(mutant.description): gave \(outcome.summary); the sample gave \(original.summary)")
                }
            }
        }
        if !findings.isEmpty { throw ConformanceFailure(findings) }
    }

    /// Replaces every number (literal or numeric string) in turn; a decoded value may change only as `allowed` says.
    static func numberSweep(
        _ context: ConformanceContext, _ what: String, unchangedMeansWrong: Bool = false, _ transform: @escaping (String) -> String?,
        judge allowed: @escaping (_ old: String, _ new: String, _ literal: String) -> Bool
    ) throws {
        let venue = try context.decoder()
        try sweep(context) { sample, document, _ in
            document.paths.compactMap { path in
                guard let value = document[path], let (text, quoted) = FrameMutations.number(in: value), let changed = transform(text) else { return nil }
                let literal = quoted ? "\"\(changed)\"" : changed
                var mutant = mutant(sample, "\(FrameMutations.describe(path)) \(what) (\(changed))", document.replacing(path, with: .literal(literal)), path)
                mutant.literal = changed
                if let other = FrameMutations.otherValue(text) {
                    mutant.control = FrameMutations.bytes(of: document.replacing(path, with: .literal(quoted ? "\"\(other)\"" : other)))
                }
                return mutant
            }
        } judge: { outcome, original, mutant in
            if outcome.isFailureOnly { return true }
            // Values may go missing (a negative id is no longer one of the client's), none may appear.
            guard Set(outcome.leaves.keys).isSubset(of: original.leaves.keys) else { return false }
            let inferred = context.inferred(mutant)
            let differences = outcome.differences(from: original)
            if differences.changed.isEmpty, differences.samePaths, unchangedMeansWrong, let literal = mutant.literal, let control = mutant.control,
               decimal(literal).map({ $0 != 0 }) ?? true {
                // A used value that changed while the result did not (abs(), a default) is a wrong value.
                return DecodeOutcome(venue, control).leaves == original.leaves
            }
            let changed = differences.changed.filter { !inferred.contains(DecodeOutcome.name($0.path)) }
            return changed.allSatisfy { allowed($0.old, $0.new, mutant.literal ?? "") }
        }
    }

    static func mutant(_ sample: String, _ what: String, _ document: RawJSON, _ path: [RawJSON.Step] = []) -> FrameMutations.Mutant {
        FrameMutations.Mutant(description: "ws/\(sample).json: \(what)", bytes: FrameMutations.bytes(of: document), path: path)
    }

    /// Paths of object members only: removing an array element shifts the others, which a decoder cannot tell.
    static func objectMembers(_ document: RawJSON) -> [[RawJSON.Step]] {
        document.paths.filter { if case .key? = $0.last { true } else { false } }
    }

    static func decimal(_ text: String) -> Decimal? { try? DecimalParser.parse(text) }

    /// A routing key as a path: `data.e` reaches into `data`.
    static func routingPath(_ key: String) -> [RawJSON.Step] { key.split(separator: ".").map { .key(String($0)) } }
}
