import ArgumentParser
import ExchangeKit

/// `runner venues`: the configured venues, their plugins and whether their credentials are set.
struct VenuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "venues",
        abstract: "List the configured venues: id, plugin, environment, capabilities, credential variables (set or not; never their values).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "table or json (one JSON object per venue).")
    var format: TableFormat = .table

    enum TableFormat: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    func run() async throws {
        let io = RunnerIO.current
        let file = try global.plugins(io)
        let rows = file.venues.map { config in
            let plugin = io.registry.plugin(named: config.plugin)
            return Row(
                config: config,
                channels: plugin.map { $0.capabilities.channels.map(\.name).sorted() } ?? [],
                calls: plugin.map { $0.capabilities.rest.map(\.name).sorted() } ?? [],
                credentials: CredentialField.allCases.compactMap { field in
                    config.credentialVariables[field].map { ($0, io.environment[$0].map { !$0.isEmpty } ?? false) }
                })
        }
        switch format {
        case .json:
            for row in rows { io.stdout.line(row.json()) }
        case .table:
            io.stdout.write(Self.table(rows))
        }
    }

    struct Row {
        var config: VenueConfig
        var channels: [String]
        var calls: [String]
        var credentials: [(variable: String, isSet: Bool)]

        var credentialText: String {
            credentials.isEmpty ? "-" : credentials.map { "\($0.variable)=\($0.isSet ? "set" : "unset")" }.joined(separator: " ")
        }

        func json() -> String {
            var json = JSONWriter()
            json.objectStart()
            json.field("id", config.id.rawValue)
            json.field("plugin", config.plugin)
            json.field("enabled", config.enabled)
            json.field("environment", config.environment.rawValue)
            json.field("rest_url", ifPresent: config.restURL)
            json.field("ws_url", ifPresent: config.wsURL)
            json.key("channels")
            json.arrayStart()
            for channel in channels { json.value(channel) }
            json.arrayEnd()
            json.key("rest")
            json.arrayStart()
            for call in calls { json.value(call) }
            json.arrayEnd()
            json.key("credentials")
            json.objectStart()
            for credential in credentials {
                json.key(text: credential.variable)
                json.value(credential.isSet)
            }
            json.objectEnd()
            json.objectEnd()
            return json.string
        }
    }

    static func table(_ rows: [Row]) -> String {
        let header = ["ID", "PLUGIN", "ENV", "ENABLED", "CHANNELS", "CREDENTIALS"]
        let cells = rows.map { row in
            [row.config.id.rawValue, row.config.plugin, row.config.environment.rawValue, row.config.enabled ? "yes" : "no",
             row.channels.joined(separator: ","), row.credentialText]
        }
        var widths = header.map(\.count)
        for line in cells { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func render(_ line: [String]) -> String {
            line.enumerated().map { index, cell in
                index == line.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ") + "\n"
        }
        return ([render(header)] + cells.map(render)).joined()
    }
}
