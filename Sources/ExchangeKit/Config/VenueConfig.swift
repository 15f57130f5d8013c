/// One venue entry of Plugins.yaml, checked and with its credentials resolved.
public struct VenueConfig: Sendable {
    /// The id apps and the runner call the venue by.
    public var id: VenueID
    /// The registered plugin name.
    public var plugin: String
    /// Whether the entry is in use.
    public var enabled: Bool
    /// Which deployment it talks to.
    public var environment: VenueEnvironment
    /// The REST base URL, overriding the plugin's default for the environment.
    public var restURL: String?
    /// The WebSocket URL, overriding the plugin's default for the environment.
    public var wsURL: String?
    /// The environment variable each credential field is read from.
    public var credentialVariables: [CredentialField: String]
    /// The credentials, when every variable was set.
    public var credentials: Credentials?
    /// Variables that were named but not set.
    public var missingCredentialVariables: [String]
    /// The deadline of one REST attempt.
    public var requestTimeout: Duration
    /// REST attempts in all for idempotent calls.
    public var retryAttempts: Int
    /// Plugin-specific keys, as text.
    public var options: [String: String]
    /// Where the entry was written, for error messages.
    public var source: ConfigSource?
    /// When true the venue's REST calls are prepared and signed but never sent (``RestDryRun``).
    /// Not read from the file: an app (the runner's `--dry-run`) sets it.
    public var dryRun = false

    /// Creates an entry (apps that configure in code rather than YAML).
    public init(
        id: VenueID, plugin: String, enabled: Bool = true, environment: VenueEnvironment = .live,
        restURL: String? = nil, wsURL: String? = nil, credentials: Credentials? = nil,
        credentialVariables: [CredentialField: String] = [:], missingCredentialVariables: [String] = [],
        requestTimeout: Duration = .seconds(10), retryAttempts: Int = 3, options: [String: String] = [:],
        source: ConfigSource? = nil
    ) {
        self.id = id
        self.plugin = plugin
        self.enabled = enabled
        self.environment = environment
        self.restURL = restURL
        self.wsURL = wsURL
        self.credentials = credentials
        self.credentialVariables = credentialVariables
        self.missingCredentialVariables = missingCredentialVariables
        self.requestTimeout = requestTimeout
        self.retryAttempts = retryAttempts
        self.options = options
        self.source = source
    }

    /// The credentials, or an error naming the variables to set and where the entry is.
    /// - Throws: ``ExchangeError`` (`.authentication`, reason `.missingCredentials`).
    public func requireCredentials() throws -> Credentials {
        if let credentials { return credentials }
        let variables = missingCredentialVariables.isEmpty
            ? "no credentials: configured (add credentials: { key: VAR, secret: VAR, ... })"
            : "set \(missingCredentialVariables.joined(separator: ", "))"
        let location = source.map { "\($0): " } ?? ""
        throw ExchangeError.authentication(
            .missingCredentials, message: "\(location)venue \(id) needs credentials: \(variables)", venue: id)
    }

    /// The REST client configuration this entry asks for.
    public var restClientConfiguration: RestClientConfiguration {
        var configuration = RestClientConfiguration()
        configuration.requestTimeout = requestTimeout
        configuration.retry.attempts = retryAttempts
        configuration.dryRun = dryRun
        return configuration
    }
}

/// Where a configuration value was written: file and line.
public struct ConfigSource: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
