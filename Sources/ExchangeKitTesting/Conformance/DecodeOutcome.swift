import ExchangeKit
import Foundation

/// What a venue's decoder made of one frame, in a form the synthetic checks can compare:
/// every value it produced, flattened to `path = text` leaves.
struct DecodeOutcome {
    /// The messages, as decoded.
    let messages: [StreamMessage]
    /// Every leaf value, by its path (`0.event.payload.trade.price`); absent optionals and empty strings are left out.
    let leaves: [String: String]

    /// Decodes one frame with the venue's decoder.
    init(_ venue: any StreamVenue, _ bytes: [UInt8], binary: Bool = false) {
        var output: [StreamMessage] = []
        bytes.withUnsafeBytes { buffer in
            if binary { venue.decode(binary: buffer, into: &output) } else { venue.decode(text: buffer, into: &output) }
        }
        messages = output
        var leaves: [String: String] = [:]
        for (index, message) in output.enumerated() { Self.flatten(message, path: String(index), into: &leaves) }
        self.leaves = leaves
    }

    /// Whether the frame gave only `decode_failure` or `unhandled` events, at least one.
    var isFailureOnly: Bool {
        !messages.isEmpty && messages.allSatisfy { message in
            switch message {
            case .event(_, _, .decodeFailure), .event(_, _, .unhandled): true
            default: false
            }
        }
    }

    /// The longest `decode_failure` excerpt, in bytes.
    var longestExcerpt: Int {
        messages.map { message in
            if case .event(_, _, .decodeFailure(_, let excerpt)) = message { excerpt.utf8.count } else { 0 }
        }.max() ?? 0
    }

    /// Whether every value here is also in `other` under the same name: the frame lost
    /// information (an optional field went missing, a full update became a partial one) but
    /// nothing took a value the frame did not hold. Values named in `inferred` may differ.
    func isSubset(of other: DecodeOutcome, inferred: Set<String> = []) -> Bool {
        // Nothing at all from a frame whose sample said something is silent loss, not less information.
        if messages.isEmpty && !other.messages.isEmpty { return false }
        let known = Set(other.leaves.map { Self.name($0.key) + "=" + $0.value })
        return leaves.allSatisfy { path, value in
            let name = Self.name(path)
            return inferred.contains(name) || known.contains(name + "=" + value)
        }
    }

    /// A leaf's name: the last component of its path.
    static func name(_ path: String) -> String {
        path.split(separator: ".").last.map(String.init) ?? path
    }

    /// The leaves whose values differ from `other`'s, and whether both have the same set of paths.
    func differences(from other: DecodeOutcome) -> (samePaths: Bool, changed: [(path: String, old: String, new: String)]) {
        let samePaths = Set(leaves.keys) == Set(other.leaves.keys)
        let changed = leaves.compactMap { path, value -> (String, String, String)? in
            guard let old = other.leaves[path], old != value else { return nil }
            return (path, old, value)
        }
        return (samePaths, changed.sorted { $0.0 < $1.0 })
    }

    /// A short rendering for failure messages.
    var summary: String {
        let text = messages.map { String(describing: $0) }.joined(separator: "; ")
        return text.count > 400 ? String(text.prefix(400)) + "…" : text
    }

    // MARK: - Flattening

    /// Walks a value with `Mirror`; decimals, strings, numbers and booleans are leaves.
    static func flatten(_ value: Any, path: String, into leaves: inout [String: String]) {
        switch value {
        case let decimal as Decimal:
            leaves[path] = decimal.description
            return
        case let text as String:
            if !text.isEmpty { leaves[path] = text }
            return
        case let number as any BinaryInteger:
            leaves[path] = String(describing: number)
            return
        case let flag as Bool:
            leaves[path] = String(flag)
            return
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            if let wrapped = mirror.children.first { flatten(wrapped.value, path: path, into: &leaves) }
            return
        }
        if mirror.children.isEmpty {
            leaves[path] = String(describing: value)
            return
        }
        for (index, child) in mirror.children.enumerated() {
            flatten(child.value, path: path + "." + (child.label ?? String(index)), into: &leaves)
        }
    }
}
