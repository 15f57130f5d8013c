import Foundation
import Yams

/// Plugins.yaml: which venues an app uses and how each is configured.
///
/// ```yaml
/// venues:
///   - id: kucoin-futures          # what apps and the runner call it
///     plugin: KuCoinFutures       # a registered plugin name
///     enabled: true
///     environment: live           # live | sim | custom
///     rest_url: https://api-futures.kucoin.com   # optional override
///     credentials: { key: KC_KEY, secret: KC_SECRET, passphrase: KC_PASSPHRASE }
///     timeouts: { request: 10s }
///     retry: { attempts: 3 }
/// ```
public struct PluginsFile: Sendable {
    /// The file's path or name, as errors cite it.
    public var file: String
    /// Every entry, in file order, disabled ones included.
    public var venues: [VenueConfig]

    /// The entries in use.
    public var enabledVenues: [VenueConfig] { venues.filter(\.enabled) }

    /// The entry with an id.
    public func venue(_ id: VenueID) -> VenueConfig? { venues.first { $0.id == id } }
}

extension VenueRegistry {
    /// Reads and checks a Plugins.yaml file.
    /// - Parameters:
    ///   - path: the file.
    ///   - environment: where credential variables are read.
    ///   - requireCredentials: when true, an enabled entry whose credential variables are not
    ///     all set is an error; when false it loads without credentials (public data only),
    ///     and ``VenueConfig/requireCredentials()`` names the missing variables later.
    /// - Throws: ``ExchangeError`` (`.configuration`) naming the file, the line and the allowed values.
    public func load(
        contentsOf path: String, environment: [String: String] = ProcessEnvironment.current, requireCredentials: Bool = true
    ) throws -> PluginsFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ExchangeError.configuration("\(path): cannot read the file (\((error as NSError).localizedDescription))")
        }
        return try load(yaml: text, file: path, environment: environment, requireCredentials: requireCredentials)
    }

    /// Reads and checks Plugins.yaml text; `file` names it in errors.
    /// - Throws: ``ExchangeError`` (`.configuration`) naming the file, the line and the allowed values.
    public func load(
        yaml text: String, file: String = "Plugins.yaml", environment: [String: String] = ProcessEnvironment.current,
        requireCredentials: Bool = true
    ) throws -> PluginsFile {
        var reader = PluginsFileReader(file: file, registry: self, environment: environment, requireCredentials: requireCredentials)
        return PluginsFile(file: file, venues: try reader.read(text))
    }
}
