import Foundation
import Yams

/// Checks Plugins.yaml node by node, so every error names its line.
struct PluginsFileReader {
    let file: String
    let registry: VenueRegistry
    let environment: [String: String]
    let requireCredentials: Bool

    static let commonKeys = ["id", "plugin", "enabled", "environment", "rest_url", "ws_url", "credentials", "timeouts", "retry"]

    init(file: String, registry: VenueRegistry, environment: [String: String], requireCredentials: Bool) {
        self.file = file
        self.registry = registry
        self.environment = environment
        self.requireCredentials = requireCredentials
    }

    mutating func read(_ text: String) throws -> [VenueConfig] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ExchangeError.configuration("\(file): not valid YAML: \(Self.describe(error))")
        } catch {
            throw ExchangeError.configuration("\(file): not valid YAML: \(error)")
        }
        guard let root, case .mapping(let top) = root else {
            throw fail(root, "the file must be a mapping with a 'venues:' list")
        }
        guard let venuesNode = top["venues"] else {
            throw fail(root, "missing 'venues:' (a list of venue entries)")
        }
        guard case .sequence(let entries) = venuesNode else {
            throw fail(venuesNode, "'venues' must be a list of entries (each starting with '- id: ...')")
        }
        var configs: [VenueConfig] = []
        var seen: [VenueID: ConfigSource] = [:]
        for entry in entries {
            let config = try readEntry(entry)
            if let first = seen[config.id] {
                throw fail(entry, "duplicate venue id '\(config.id)' (first defined at line \(first.line)); ids must be unique")
            }
            seen[config.id] = config.source
            configs.append(config)
        }
        return configs
    }

    private func readEntry(_ node: Node) throws -> VenueConfig {
        guard case .mapping(let entry) = node else {
            throw fail(node, "a venue entry must be a mapping with id, plugin, ...")
        }
        let id = try requiredString(entry, "id", in: node)
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw fail(entry["id"], "id '\(id)' may hold only letters, digits, '-', '_' and '.'")
        }
        let pluginName = try requiredString(entry, "plugin", in: node)
        guard let plugin = registry.plugin(named: pluginName) else {
            let names = registry.pluginNames
            throw fail(entry["plugin"], "unknown plugin '\(pluginName)'; allowed: \(names.isEmpty ? "(none registered)" : names.joined(separator: ", "))")
        }
        let optionKeys = plugin.options.map(\.key)
        for (keyNode, _) in entry {
            guard let key = keyNode.string else { throw fail(keyNode, "keys must be text") }
            if !Self.commonKeys.contains(key) && !optionKeys.contains(key) {
                throw fail(keyNode, "unknown key '\(key)' for plugin \(pluginName); allowed: \((Self.commonKeys + optionKeys).joined(separator: ", "))")
            }
        }

        let enabled = try optionalBool(entry, "enabled") ?? true
        var environment = VenueEnvironment.live
        if let text = try optionalString(entry, "environment") {
            guard let value = VenueEnvironment(rawValue: text) else {
                throw fail(entry["environment"], "environment '\(text)' is not one of: \(VenueEnvironment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            environment = value
        }
        let restURL = try optionalURL(entry, "rest_url", schemes: ["https", "http"])
        let wsURL = try optionalURL(entry, "ws_url", schemes: ["wss", "ws"])
        if environment == .custom && restURL == nil {
            throw fail(node, "environment 'custom' needs rest_url (and ws_url for streams)")
        }
        if environment != .custom && restURL == nil && plugin.defaultURLs(for: environment) == nil {
            throw fail(entry["environment"] ?? node, "plugin \(pluginName) has no default URLs for environment '\(environment.rawValue)'; set rest_url")
        }

        var variables: [CredentialField: String] = [:]
        if let credentialsNode = entry["credentials"] {
            guard case .mapping(let mapping) = credentialsNode else {
                throw fail(credentialsNode, "credentials must map fields to environment variable names, e.g. { key: KC_KEY, secret: KC_SECRET }")
            }
            for (keyNode, valueNode) in mapping {
                let name = keyNode.string ?? ""
                guard let field = CredentialField(rawValue: name), plugin.credentialFields.contains(field) else {
                    throw fail(keyNode, "unknown credential field '\(name)'; \(pluginName) uses: \(plugin.credentialFields.map(\.rawValue).joined(separator: ", "))")
                }
                guard case .scalar = valueNode, let variable = valueNode.string, !variable.isEmpty,
                      variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    throw fail(valueNode, "credentials.\(name) must be the NAME of an environment variable (letters, digits, '_'), not the value")
                }
                variables[field] = variable
            }
            let missingFields = plugin.credentialFields.filter { variables[$0] == nil }
            if !missingFields.isEmpty {
                throw fail(credentialsNode, "credentials lack \(missingFields.map(\.rawValue).joined(separator: ", ")); \(pluginName) needs \(plugin.credentialFields.map(\.rawValue).joined(separator: ", "))")
            }
            let effectiveREST = restURL ?? plugin.defaultURLs(for: environment)?.rest
            for url in [effectiveREST, wsURL ?? plugin.defaultURLs(for: environment)?.ws].compactMap({ $0 })
            where !EndpointURL.mayCarryCredentials(url) {
                throw fail(entry["rest_url"] ?? entry["ws_url"] ?? node,
                           "\(url) is not encrypted and not loopback; credentials are only sent over https/wss or to this machine")
            }
        }

        var missing: [String] = []
        var credentials: Credentials?
        if !variables.isEmpty {
            func value(_ field: CredentialField) -> String? {
                guard let name = variables[field] else { return nil }
                guard let value = self.environment[name], !value.isEmpty else {
                    missing.append(name)
                    return nil
                }
                return value
            }
            let key = value(.key)
            let secret = value(.secret)
            let passphrase = value(.passphrase)
            if missing.isEmpty, let key, let secret {
                credentials = Credentials(key: key, secret: secret, passphrase: passphrase)
            } else if enabled && requireCredentials {
                throw fail(entry["credentials"], "environment variable\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) \(missing.count > 1 ? "are" : "is") not set (venue \(id) needs them for private calls)")
            }
        }

        var timeout = Duration.seconds(10)
        if let timeoutsNode = entry["timeouts"] {
            guard case .mapping(let mapping) = timeoutsNode else { throw fail(timeoutsNode, "timeouts must be a mapping, e.g. { request: 10s }") }
            for (keyNode, valueNode) in mapping {
                guard keyNode.string == "request" else {
                    throw fail(keyNode, "unknown key '\(keyNode.string ?? "")' in timeouts; allowed: request")
                }
                guard let text = valueNode.string, let duration = ConfigDuration.parse(text), duration > .zero, duration <= .seconds(300) else {
                    throw fail(valueNode, "timeouts.request must be a duration between 1ms and 300s, e.g. 10s or 500ms")
                }
                timeout = duration
            }
        }

        var attempts = 3
        if let retryNode = entry["retry"] {
            guard case .mapping(let mapping) = retryNode else { throw fail(retryNode, "retry must be a mapping, e.g. { attempts: 3 }") }
            for (keyNode, valueNode) in mapping {
                guard keyNode.string == "attempts" else {
                    throw fail(keyNode, "unknown key '\(keyNode.string ?? "")' in retry; allowed: attempts")
                }
                guard let number = valueNode.int, (1...10).contains(number) else {
                    throw fail(valueNode, "retry.attempts must be a whole number from 1 to 10")
                }
                attempts = number
            }
        }

        var options: [String: String] = [:]
        for option in plugin.options {
            if let valueNode = entry[option.key] {
                guard case .scalar = valueNode, let text = valueNode.string else {
                    throw fail(valueNode, "\(option.key) must be a single value")
                }
                if !option.allowedValues.isEmpty && !option.allowedValues.contains(text) {
                    throw fail(valueNode, "\(option.key) '\(text)' is not one of: \(option.allowedValues.joined(separator: ", "))")
                }
                options[option.key] = text
            } else if let defaultValue = option.defaultValue {
                options[option.key] = defaultValue
            }
        }

        let config = VenueConfig(
            id: VenueID(id), plugin: pluginName, enabled: enabled, environment: environment,
            restURL: restURL, wsURL: wsURL, credentials: credentials, credentialVariables: variables,
            missingCredentialVariables: missing, requestTimeout: timeout, retryAttempts: attempts,
            options: options, source: source(node))
        do {
            try plugin.validate(config)
        } catch let error as ExchangeError {
            throw fail(node, error.message)
        }
        return config
    }

    // MARK: - Typed reads

    private func requiredString(_ entry: Node.Mapping, _ key: String, in node: Node) throws -> String {
        guard let value = entry[key] else { throw fail(node, "missing '\(key)'") }
        guard case .scalar = value, let text = value.string, !text.isEmpty else {
            throw fail(value, "'\(key)' must be non-empty text")
        }
        return text
    }

    private func optionalString(_ entry: Node.Mapping, _ key: String) throws -> String? {
        guard let value = entry[key] else { return nil }
        guard case .scalar = value, let text = value.string else { throw fail(value, "'\(key)' must be text") }
        return text
    }

    private func optionalBool(_ entry: Node.Mapping, _ key: String) throws -> Bool? {
        guard let value = entry[key] else { return nil }
        guard case .scalar(let scalar) = value, ["true", "false"].contains(scalar.string) else {
            throw fail(value, "'\(key)' must be true or false")
        }
        return scalar.string == "true"
    }

    private func optionalURL(_ entry: Node.Mapping, _ key: String, schemes: [String]) throws -> String? {
        guard let text = try optionalString(entry, key) else { return nil }
        guard let scheme = EndpointURL.scheme(of: text), schemes.contains(scheme), EndpointURL.host(of: text) != nil else {
            throw fail(entry[key], "\(key) '\(text)' must be a URL starting with \(schemes.map { "\($0)://" }.joined(separator: " or "))")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    // MARK: - Errors

    private func source(_ node: Node?) -> ConfigSource {
        ConfigSource(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    private func fail(_ node: Node?, _ message: String) -> ExchangeError {
        ExchangeError.configuration("\(source(node)): \(message)")
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        default:
            return "\(error)"
        }
    }
}
