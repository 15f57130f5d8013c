import ArgumentParser
import ExchangeKit
import Foundation

/// `runner rest VENUE CALL [ARGS…]`: one REST call, its result as JSON on stdout.
struct RestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rest",
        abstract: "Make one REST call and print its result as JSON.",
        discussion: """
            Calls: \(RestCall.allCases.map(\.usage).joined(separator: "\n  "))
            --dry-run prints the fully signed request instead of sending it (credentials redacted, signature shown);
            --validate sends place-order to the venue's test-order endpoint.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A venue id from Plugins.yaml.")
    var venue: String

    @Argument(help: "The call: \(RestCall.allCases.map(\.rawValue).joined(separator: ", ")).")
    var call: String

    @Argument(help: "The call's positional arguments (a symbol, an order id, a currency).")
    var arguments: [String] = []

    @Flag(help: "Print the signed request instead of sending it.")
    var dryRun = false

    @Flag(help: "place-order: use the venue's test-order endpoint (validated, never executed).")
    var validate = false

    @OptionGroup var order: OrderOptions

    @Option(help: "order-book: the depth (default: the full book).")
    var depth: Int?

    @Option(help: "candles: bar length (1m, 1h, 1d…).")
    var interval: String = "1m"

    @Option(help: "candles: first bar start, Unix milliseconds (default: 100 bars before --to).")
    var from: Int64?

    @Option(help: "candles: end, Unix milliseconds (default: now).")
    var to: Int64?

    @Option(help: "raw: the query string, as sent (a=1&b=2).")
    var query: String?

    @Option(help: "raw: the body, as sent.")
    var body: String?

    @Flag(help: "raw: sign the request (a private endpoint).")
    var signed = false

    func run() async throws {
        let io = RunnerIO.current
        guard let restCall = RestCall(rawValue: call) else {
            throw RunnerFailure.usage("unknown call '\(call)'; calls: \(RestCall.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var config = try global.venueConfig(venue, io)
        config.dryRun = dryRun
        guard let type = io.registry.plugin(named: config.plugin) else {
            throw RunnerFailure.configuration("venue \(venue): plugin \(config.plugin) is not linked into this runner")
        }
        if let capability = restCall.capability, !type.capabilities.supports(capability) {
            throw RunnerFailure.usage("venue \(venue) does not offer '\(call)'; it offers: \(type.capabilities.rest.map(\.name).sorted().joined(separator: ", "))")
        }
        if restCall.isPrivate, config.credentials == nil {
            _ = try SignCommand.configurationError { try config.requireCredentials() }
        }
        let plugin = try global.makeVenue(config, io)
        do {
            let output = try await RestCallRunner(command: self, plugin: plugin, venue: venue).perform(restCall)
            io.stdout.line(output)
        } catch let dryRun as RestDryRun {
            io.stdout.line(Self.describe(dryRun, venue: venue))
        }
    }

    /// The signed request as one JSON object.
    static func describe(_ dryRun: RestDryRun, venue: String) -> String {
        var json = JSONWriter()
        json.objectStart()
        json.field("venue", venue)
        json.field("dry_run", true)
        json.field("endpoint", dryRun.endpoint)
        json.field("method", dryRun.request.method.rawValue)
        json.field("url", dryRun.url)
        json.key("headers")
        json.objectStart()
        for (name, value) in dryRun.request.headers {
            json.key(text: name)
            json.value(value)
        }
        json.objectEnd()
        json.field("body", String(decoding: dryRun.request.body, as: UTF8.self))
        json.objectEnd()
        return json.string
    }
}

/// place-order's flags.
struct OrderOptions: ParsableArguments {
    @Option(help: "place-order, orders, fills, cancel-order: the symbol.")
    var symbol: String?
    @Option(help: "place-order: buy or sell.")
    var side: String?
    @Option(help: "place-order: limit or market.")
    var type: String = "limit"
    @Option(help: "place-order: the size, in the venue's unit (lots for KuCoin Futures).")
    var size: String?
    @Option(help: "place-order: the limit price.")
    var price: String?
    @Option(help: "place-order: the leverage.")
    var leverage: String?
    @Option(help: "place-order: GTC, IOC, FOK.")
    var timeInForce: String?
    @Flag(help: "place-order: post only (maker or cancelled).")
    var postOnly = false
    @Flag(help: "place-order: only reduce a position.")
    var reduceOnly = false
    @Option(help: "place-order, cancel-order: the client order id.")
    var clientOrderId: String?
    @Option(help: "place-order: isolated or cross.")
    var marginMode: String?

    /// The order the flags describe.
    func request() throws -> OrderRequest {
        guard let symbol else { throw RunnerFailure.usage("place-order needs --symbol") }
        guard let sideText = side, let side = Side(rawValue: sideText.lowercased()) else { throw RunnerFailure.usage("place-order needs --side buy|sell") }
        guard let orderType = OrderType(rawValue: type.lowercased()), orderType == .limit || orderType == .market else {
            throw RunnerFailure.usage("--type must be limit or market")
        }
        guard let size else { throw RunnerFailure.usage("place-order needs --size") }
        let price = try price.map { try Self.decimal($0, "--price") }
        if orderType == .limit, price == nil { throw RunnerFailure.usage("a limit order needs --price") }
        var timeInForce: TimeInForce?
        if let text = self.timeInForce {
            guard let value = TimeInForce(rawValue: text.uppercased()) else { throw RunnerFailure.usage("--time-in-force must be GTC, IOC, FOK or GTX") }
            timeInForce = value
        }
        var marginMode: MarginMode?
        if let text = self.marginMode {
            guard let value = MarginMode(rawValue: text.lowercased()) else { throw RunnerFailure.usage("--margin-mode must be isolated or cross") }
            marginMode = value
        }
        return OrderRequest(symbol: symbol, side: side, type: orderType, size: try Self.decimal(size, "--size"), price: price,
                            timeInForce: timeInForce, postOnly: postOnly, reduceOnly: reduceOnly,
                            leverage: try leverage.map { try Self.decimal($0, "--leverage") }, marginMode: marginMode,
                            clientOrderID: clientOrderId)
    }

    static func decimal(_ text: String, _ flag: String) throws -> Decimal {
        do {
            return try DecimalParser.parse(text)
        } catch {
            throw RunnerFailure.usage("\(flag) '\(text)' is not an exact decimal number")
        }
    }
}
