import ArgumentParser
import ExchangeKit
import Foundation
import Simulator

/// The simulator's flags, shared by `sim` and `demo`.
struct SimulatorOptions: ParsableArguments {
    @Option(help: "The seed of the synthetic markets: the same seed gives the same events.")
    var seed: UInt64 = 1

    @Option(name: .customLong("sim-symbols"), help: "The contracts the simulator makes markets in (KuCoin Futures), comma-separated.")
    var simSymbols: String = "XBTUSDTM,ETHUSDTM"

    @Option(name: .customLong("spot-symbols"), help: "The spot pairs the simulator makes markets in (KuCoin Spot, same port), comma-separated; empty for none.")
    var spotSymbols: String = "BTC-USDT,ETH-USDT"

    @Option(help: "Market events per symbol per 50 ms tick.")
    var eventsPerTick: Int = 10

    @Option(help: "Replay the market of the contracts (or spot pairs) in this file, recorded by `runner record` from KuCoin Futures or KuCoin Spot: its trades, tickers and book (the first snapshot, then the deltas). Stops at the end of the file; orders still match against the replayed book.")
    var replay: String?

    @Option(help: "With --replay: 1 plays as recorded, 10 ten times faster.")
    var speed: Double = 1

    @Flag(help: "With --replay: play the recording as fast as possible.")
    var asFastAsPossible = false

    @Option(help: "Faults to inject: drop-every=N, drop-after=30s, silent-after=10s, skip-every=N, duplicate-every=N, reorder-every=N, malformed-every=N, 5xx=N, 429=N, latency=50ms (comma-separated; also POST /admin/faults while running).")
    var faults: String?

    func validate() throws {
        if let faults {
            do { _ = try SimulatorFaults(parsing: faults) } catch { throw ValidationError(error.message) }
        }
        if eventsPerTick < 1 || eventsPerTick > 100_000 { throw ValidationError("--events-per-tick must be 1…100000") }
        if !(speed > 0 && speed.isFinite) { throw ValidationError("--speed must be above 0") }
        if replay == nil && (asFastAsPossible || speed != 1) { throw ValidationError("--speed and --as-fast-as-possible go with --replay") }
        if simSymbols.split(separator: ",").isEmpty { throw ValidationError("--sim-symbols is empty") }
        let contracts = Set(Self.list(simSymbols))
        if let clash = Self.list(spotSymbols).first(where: contracts.contains) {
            throw ValidationError("\(clash) is in both --sim-symbols and --spot-symbols")
        }
    }

    /// - Throws: ``RunnerFailure`` when the replay file cannot be read or is not a KuCoin recording.
    func configuration(port: Int, environment: [String: String]) throws -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.seed = seed
        configuration.symbols = Self.list(simSymbols)
        configuration.spotSymbols = Self.list(spotSymbols)
        configuration.eventsPerTick = eventsPerTick
        configuration.credentials = SimulatorConfiguration.credentials(from: environment)
        configuration.faults = (try? SimulatorFaults(parsing: faults ?? "")) ?? SimulatorFaults()
        if let replay {
            do {
                configuration.replay = try SimulatorReplay(contentsOf: replay, speed: asFastAsPossible ? nil : speed)
            } catch {
                throw RunnerFailure.configuration(error.message)
            }
        }
        return configuration
    }

    /// `A, B,,C` → `[A, B, C]`.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// `runner sim`: a KuCoin-compatible exchange on loopback until interrupted.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the KuCoin-compatible simulator on loopback until interrupted.",
        discussion: """
            The first line on stdout is its base URL (http://127.0.0.1:PORT), usable as rest_url for a KuCoin Futures
            venue and a KuCoin Spot venue alike (Plugins.yaml's kucoin-futures-sim and kucoin-spot-sim entries expect
            port 8282). Futures: --sim-symbols contracts with positions, orders, stops and the futures wallet. Spot:
            --spot-symbols pairs with symbols, tickers, books, trades, candles, a trade account (USDT 10000, BTC 1,
            ETH 10), HF orders (limit, market by size or funds, GTC/IOC/FOK, post-only), cancels, fills, and the
            match, ticker, level2, level2Depth5/50, tradeOrdersV2 and account balance topics. Private calls are
            accepted with the credentials in KC_KEY, KC_SECRET and KC_PASSPHRASE, or, when those are not set, with a
            demo key printed on stderr. --replay FILE plays a `runner record` file of KuCoin Futures (or Spot) as its
            contracts' (or pairs') market (--speed X, or --as-fast-as-possible), then leaves the book as it was last.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The port (0: any free one).")
    var port: Int = 8282

    @OptionGroup var simulator: SimulatorOptions

    func validate() throws {
        if port < 0 || port > 65_535 { throw ValidationError("--port must be 0…65535") }
    }

    func run() async throws {
        let io = RunnerIO.current
        let configuration = try simulator.configuration(port: port, environment: io.environment)
        let sim = Simulator(configuration: configuration, logger: global.logger(io, label: "simulator"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sim.run() }
            let url: String
            do {
                url = try await sim.baseURL()
            } catch {
                throw RunnerFailure.failure("the simulator could not listen on \(configuration.host):\(port): \(error)")
            }
            io.stdout.line(url)
            io.stdout.flush()
            if let exports = configuration.credentials.demoExports {
                io.stderr.line("runner: simulator at \(url); no KC_KEY/KC_SECRET/KC_PASSPHRASE set, so it accepts the demo key: \(exports)")
            } else {
                io.stderr.line("runner: simulator at \(url); it accepts the credentials in KC_KEY, KC_SECRET, KC_PASSPHRASE")
            }
            do {
                try await group.next()
            } catch is CancellationError {
                return
            }
        }
    }
}

/// `runner demo`: the simulator in-process, streamed through the ordinary KuCoin Futures plugin.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the simulator in-process and stream trades, ticker and book from it as JSON lines (offline).",
        discussion: "The venue is Plugins.yaml's kucoin-futures-sim entry, pointed at the simulator's actual port.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The venue entry to stream through (a KuCoinFutures entry).")
    var venue: String = "kucoin-futures-sim"

    @OptionGroup var simulator: SimulatorOptions

    @Option(help: "Symbols to stream.")
    var symbols: String = "XBTUSDTM"

    @Option(help: "Channels to stream.")
    var channels: String = "trades,ticker,book"

    @Option(help: "Stop after this many data events.")
    var limit: Int = 200

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    @Option(help: "Replace each connection before it is this many seconds old (at least 2): a successor takes over without loss.")
    var connectionLifetime: Double?

    @Option(help: "jsonl or pretty.")
    var format: EventFormat = .jsonl

    func validate() throws {
        if limit <= 0 { throw ValidationError("--limit must be positive") }
        try StreamOptions.validate(connectionLifetime: connectionLifetime)
    }

    func run() async throws {
        let io = RunnerIO.current
        var config = try global.venueConfig(venue, io)
        let configuration = try simulator.configuration(port: 0, environment: io.environment)
        let sim = Simulator(configuration: configuration, logger: global.logger(io, label: "simulator"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sim.run() }
            let url = try await sim.baseURL()
            io.stderr.line("runner: demo: simulator at \(url), streaming \(channels) of \(symbols) through \(venue) (\(config.plugin))")
            config.restURL = url
            config.wsURL = nil
            if config.credentials == nil {
                // The simulator's own key: private channels work too, and nothing real is involved.
                let credentials = configuration.credentials
                config.credentials = credentials.secret.withUnredactedValue { secret in
                    credentials.passphrase.withUnredactedValue { Credentials(key: credentials.key, secret: secret, passphrase: $0) }
                }
            }
            var options = StreamOptions()
            options.symbols = symbols
            options.channels = channels
            options.limit = limit
            options.duration = duration
            options.connectionLifetime = connectionLifetime
            try await StreamCommand.print(try PreparedStream(config: config, options: options, global: global, io: io),
                                          options: options, format: format, io: io)
            group.cancelAll()
        }
    }
}
