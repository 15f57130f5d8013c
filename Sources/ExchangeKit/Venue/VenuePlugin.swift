/// A venue an app can choose by name in Plugins.yaml.
///
/// The plugin type is the venue's client: `try KuCoinFutures(config:context:)`.
/// ``VenueRegistry`` builds plugins from the file's entries; a plugin checks its
/// own options in ``validate(_:)`` so a bad file fails at load, naming the line.
public protocol VenuePlugin: Sendable {
    /// The name written in Plugins.yaml's `plugin:` key (`KuCoinFutures`).
    static var name: String { get }
    /// The REST calls and channels the plugin offers.
    static var capabilities: Capabilities { get }
    /// The credential fields private calls need (`key`, `secret`, `passphrase`).
    static var credentialFields: [CredentialField] { get }
    /// The plugin-specific keys it reads from its entry, with their allowed values.
    static var options: [PluginOption] { get }
    /// The REST and WebSocket URLs of an environment, when the plugin knows them.
    static func defaultURLs(for environment: VenueEnvironment) -> (rest: String, ws: String?)?

    /// Checks an entry beyond the common schema.
    /// - Throws: ``ExchangeError`` (`.configuration`) explaining what is wrong.
    static func validate(_ config: VenueConfig) throws

    /// Builds the venue's client from its configuration.
    /// - Throws: ``ExchangeError`` (`.configuration`) when the configuration cannot be used.
    init(config: VenueConfig, context: VenueContext) throws

    /// The configured id.
    var id: VenueID { get }

    /// The REST client the venue's calls go through, for tools that sign or send raw
    /// requests (the runner's `sign` and `rest raw`); nil for a venue without REST.
    var restClient: RestClient? { get }

    /// The venue's stream rules, for tools that stream, record or replay; nil for a venue without streams.
    var streams: (any StreamVenue)? { get }
}

extension VenuePlugin {
    public var restClient: RestClient? { nil }
    public var streams: (any StreamVenue)? { nil }
    public static var options: [PluginOption] { [] }
    public static func validate(_ config: VenueConfig) throws {}
}

/// One credential a plugin needs, and the variable name Plugins.yaml's `credentials:` maps it from.
public enum CredentialField: String, Sendable, Hashable, CaseIterable {
    case key
    case secret
    case passphrase
}

/// A plugin-specific key of a Plugins.yaml entry.
public struct PluginOption: Sendable, Hashable {
    /// The key (`key_version`).
    public var key: String
    /// The values it accepts; empty for free text.
    public var allowedValues: [String]
    /// The value used when the key is absent.
    public var defaultValue: String?
    /// One line on what it does.
    public var summary: String

    /// Creates an option.
    public init(_ key: String, allowedValues: [String] = [], defaultValue: String? = nil, summary: String) {
        self.key = key
        self.allowedValues = allowedValues
        self.defaultValue = defaultValue
        self.summary = summary
    }
}
