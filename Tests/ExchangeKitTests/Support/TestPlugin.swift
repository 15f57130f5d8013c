import ExchangeKit

/// A plugin for registry and configuration tests: KuCoin-like credentials and one option.
struct TestPlugin: VenuePlugin {
    static let name = "TestVenue"
    static let capabilities = Capabilities(rest: [.serverTime, .ticker], channels: [.trades])
    static let credentialFields: [CredentialField] = [.key, .secret, .passphrase]
    static let options = [PluginOption("key_version", allowedValues: ["2", "3"], defaultValue: "2", summary: "API key version")]

    static func defaultURLs(for environment: VenueEnvironment) -> (rest: String, ws: String?)? {
        switch environment {
        case .live: ("https://api.test.invalid", "wss://ws.test.invalid")
        case .sim: ("http://127.0.0.1:9999", "ws://127.0.0.1:9999")
        case .custom: nil
        }
    }

    static func validate(_ config: VenueConfig) throws {
        if config.options["key_version"] == "3" && config.environment == .sim {
            throw ExchangeError.configuration("key_version 3 is not supported by the simulator")
        }
    }

    let id: VenueID
    let config: VenueConfig

    init(config: VenueConfig, context: VenueContext) throws {
        self.id = config.id
        self.config = config
    }
}

/// A second plugin with no passphrase, so registry errors list several names.
struct OtherPlugin: VenuePlugin {
    static let name = "OtherVenue"
    static let capabilities = Capabilities()
    static let credentialFields: [CredentialField] = [.key, .secret]
    static func defaultURLs(for environment: VenueEnvironment) -> (rest: String, ws: String?)? {
        environment == .live ? ("https://other.invalid", nil) : nil
    }
    let id: VenueID
    init(config: VenueConfig, context: VenueContext) throws { id = config.id }
}
