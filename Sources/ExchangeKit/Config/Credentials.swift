/// An API key with its secret and, for venues that use one, a passphrase.
///
/// Only the first four characters of the key ever show in descriptions; the
/// secret and passphrase never do.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The API key (sent in clear as a header by every venue, but still abbreviated in descriptions).
    public var key: String
    /// The signing secret.
    public var secret: Secret
    /// The passphrase, for venues that have one (KuCoin).
    public var passphrase: Secret?

    /// Creates credentials.
    public init(key: String, secret: Secret, passphrase: Secret? = nil) {
        self.key = key
        self.secret = secret
        self.passphrase = passphrase
    }

    /// Creates credentials from plain strings.
    public init(key: String, secret: String, passphrase: String? = nil) {
        self.init(key: key, secret: Secret(secret), passphrase: passphrase.map(Secret.init))
    }

    /// Reads credentials from environment variables `PREFIX_KEY`, `PREFIX_SECRET` and, when
    /// `passphrase` is true, `PREFIX_PASSPHRASE`.
    /// - Throws: ``ExchangeError`` (`.configuration`) naming the first variable that is missing or empty.
    public static func environment(
        _ prefix: String, passphrase: Bool = true, from environment: [String: String] = ProcessEnvironment.current
    ) throws -> Credentials {
        func read(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw ExchangeError.configuration("environment variable \(name) is not set")
            }
            return value
        }
        return try Credentials(
            key: read("\(prefix)_KEY"), secret: read("\(prefix)_SECRET"),
            passphrase: passphrase ? read("\(prefix)_PASSPHRASE") : nil)
    }

    /// The key shortened to its first four characters.
    public var redactedKey: String { key.count <= 4 ? "****" : "\(key.prefix(4))…" }

    public var description: String {
        "Credentials(key: \(redactedKey), secret: <redacted>\(passphrase == nil ? "" : ", passphrase: <redacted>"))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["key": redactedKey, "secret": secret, "passphrase": passphrase as Any], displayStyle: .struct)
    }
}
