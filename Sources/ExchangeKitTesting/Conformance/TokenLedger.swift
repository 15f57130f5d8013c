import Synchronization

/// Hands out connection tokens for a scripted token endpoint and remembers them, so checks
/// can prove that every dial used a fresh one.
public final class TokenLedger: Sendable {
    private let issued = Mutex<[String]>([])
    private let prefix: String

    /// Creates a ledger whose tokens read `<prefix>1`, `<prefix>2`, …
    public init(prefix: String = "conformance-token-") {
        self.prefix = prefix
    }

    /// A new token, recorded.
    public func issue() -> String {
        issued.withLock { tokens in
            tokens.append(prefix + String(tokens.count + 1))
            return tokens[tokens.count - 1]
        }
    }

    /// Every token issued so far, in order.
    public var tokens: [String] { issued.withLock { $0 } }
}
