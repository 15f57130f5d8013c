/// The venue plugins an app links, by the names Plugins.yaml uses.
///
/// ```swift
/// let registry = VenueRegistry([KuCoinFutures.self, KuCoinSpot.self])
/// let file = try registry.load(contentsOf: "Plugins.yaml")
/// let venue = try registry.makeVenue(file.venue("kucoin-futures")!)
/// ```
public struct VenueRegistry: Sendable {
    /// The registered plugin types, in registration order.
    public let plugins: [any VenuePlugin.Type]

    /// Registers plugin types; their names must differ.
    public init(_ plugins: [any VenuePlugin.Type]) {
        var seen = Set<String>()
        for plugin in plugins {
            precondition(seen.insert(plugin.name).inserted, "two plugins are registered as \(plugin.name)")
        }
        self.plugins = plugins
    }

    /// The registered names, sorted.
    public var pluginNames: [String] { plugins.map { $0.name }.sorted() }

    /// The plugin registered under a name.
    public func plugin(named name: String) -> (any VenuePlugin.Type)? {
        plugins.first { $0.name == name }
    }

    /// Builds a venue's client from its entry.
    /// - Throws: ``ExchangeError`` (`.configuration`) for an unknown plugin or a configuration the plugin refuses.
    public func makeVenue(_ config: VenueConfig, context: VenueContext = VenueContext()) throws -> any VenuePlugin {
        guard let plugin = plugin(named: config.plugin) else {
            throw ExchangeError.configuration(
                "unknown plugin '\(config.plugin)'; registered: \(pluginNames.joined(separator: ", "))", venue: config.id)
        }
        return try plugin.init(config: config, context: context)
    }
}
