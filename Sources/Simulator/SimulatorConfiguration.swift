import ExchangeKit
import Foundation

/// How a ``Simulator`` runs: where it listens, which markets it makes, whom it lets in.
public struct SimulatorConfiguration: Sendable {
    /// The address to listen on; loopback by default.
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one (read it from ``Simulator/baseURL``).
    public var port = 0
    /// Seeds every market's random walk: the same seed gives the same sequence of events.
    public var seed: UInt64 = 1
    /// The contracts to make markets in (KuCoin Futures).
    public var symbols = ["XBTUSDTM", "ETHUSDTM"]
    /// The spot pairs to make markets in (KuCoin Spot), served on the same port as the contracts.
    public var spotSymbols = ["BTC-USDT", "ETH-USDT"]
    /// The only credentials private calls are accepted with.
    public var credentials = SimulatorCredentials.demo
    /// How long a bullet token may be used to dial.
    public var tokenLifetime: Duration = .seconds(86_400)
    /// The ping interval the bullet announces.
    public var pingInterval: Duration = .seconds(18)
    /// How often the markets move.
    public var tickInterval: Duration = .milliseconds(50)
    /// Market events (trades, tickers, book changes) per symbol per tick.
    public var eventsPerTick = 10
    /// How often the top-5 and top-50 book topics are pushed.
    public var depthInterval: Duration = .milliseconds(100)
    /// Each rate-limit pool's weight per 30-second window (KuCoin's VIP0 quota by default).
    public var poolQuota = 2000
    /// How long the bullet tells clients to wait for a pong.
    public var pingTimeout: Duration = .seconds(10)
    /// Faults to inject from the start (``SimulatorFaults``).
    public var faults = SimulatorFaults()
    /// The account's USDT balance at start.
    public var startingBalance: Decimal = 10_000
    /// A recorded market to replay as its contracts' market (``SimulatorReplay``); they are added
    /// to ``symbols`` when absent and get no synthetic market.
    public var replay: SimulatorReplay?
    /// The spot trading account's funds at start, by currency (a separate account from the futures wallet).
    public var spotStartingBalances: [String: Decimal] = ["USDT": 10_000, "BTC": 1, "ETH": 10]

    /// The defaults: two contracts, two spot pairs, the demo key, a free port.
    public init() {}

    /// The credentials from `KC_KEY`, `KC_SECRET`, `KC_PASSPHRASE` when all three are set, else the demo key.
    public static func credentials(from environment: [String: String]) -> SimulatorCredentials {
        if let key = environment["KC_KEY"], let secret = environment["KC_SECRET"], let passphrase = environment["KC_PASSPHRASE"],
           !key.isEmpty, !secret.isEmpty, !passphrase.isEmpty {
            return SimulatorCredentials(key: key, secret: secret, passphrase: passphrase, isDemo: false)
        }
        return .demo
    }
}

/// The key, secret and passphrase a simulator accepts. Never printed, except the demo set, which is public.
public struct SimulatorCredentials: Sendable, CustomStringConvertible {
    /// The API key.
    public var key: String
    /// The API secret.
    public var secret: Secret
    /// The passphrase.
    public var passphrase: Secret
    /// Whether this is the published demo set (safe to print).
    public var isDemo: Bool

    /// Creates a credential set.
    public init(key: String, secret: String, passphrase: String, isDemo: Bool = false) {
        self.key = key
        self.secret = Secret(secret)
        self.passphrase = Secret(passphrase)
        self.isDemo = isDemo
    }

    /// The demo key every simulator accepts when no other is configured; public by design.
    public static let demo = SimulatorCredentials(key: "sim-demo-key", secret: "sim-demo-secret", passphrase: "sim-demo-passphrase", isDemo: true)

    /// The demo set's values as `export` lines, for people to paste; nil for real credentials.
    public var demoExports: String? {
        guard isDemo else { return nil }
        return secret.withUnredactedValue { secret in
            passphrase.withUnredactedValue { passphrase in
                "export KC_KEY=\(key) KC_SECRET=\(secret) KC_PASSPHRASE=\(passphrase)"
            }
        }
    }

    public var description: String { isDemo ? "SimulatorCredentials(demo)" : "SimulatorCredentials(key: \(key.prefix(4))…, <redacted>)" }
}
