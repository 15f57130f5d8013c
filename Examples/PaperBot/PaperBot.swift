import BinanceStub
import ExchangeKit
import Foundation
import KuCoinFutures
import KuCoinSpot
import Simulator

/// A small trading bot that shows how an app selects a venue by configuration: it reads
/// Plugins.yaml, builds the venue the command line names (default `kucoin-futures-sim`),
/// keeps an order book from the venue's stream, places and cancels an order, trades, and
/// prints the position — through the venue-agnostic protocols only, so the same code runs
/// against any venue whose plugin offers these calls.
///
/// ```sh
/// swift run paper-bot                      # starts the simulator in-process (the entry's environment is sim)
/// swift run paper-bot kucoin-futures XBTUSDTM   # the real exchange: needs KC_KEY, KC_SECRET, KC_PASSPHRASE — and trades!
/// ```
@main
struct PaperBot {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let venueID = VenueID(arguments.first ?? "kucoin-futures-sim")
        let symbol = arguments.count > 1 ? arguments[1] : "XBTUSDTM"

        let registry = VenueRegistry([KuCoinFutures.self, KuCoinSpot.self, BinanceStub.self])
        let file = try registry.load(contentsOf: "Plugins.yaml", requireCredentials: false)
        guard var config = file.venue(venueID) else {
            print("no venue \(venueID) in Plugins.yaml; configured: \(file.venues.map(\.id.rawValue).joined(separator: ", "))")
            return
        }

        // A simulated venue gets its own simulator, so the example needs nothing running.
        let simulator = Simulator(configuration: SimulatorConfiguration())
        let simulatorTask: Task<Void, any Error>? = config.environment == .sim ? Task { try await simulator.run() } : nil
        defer { simulatorTask?.cancel() }
        if simulatorTask != nil {
            config.restURL = try await simulator.baseURL()
            if config.credentials == nil {
                let demo = SimulatorCredentials.demo
                config.credentials = demo.secret.withUnredactedValue { secret in
                    demo.passphrase.withUnredactedValue { Credentials(key: demo.key, secret: secret, passphrase: $0) }
                }
            }
            print("simulator at \(config.restURL!)")
        }

        let venue = try registry.makeVenue(config)
        guard let market = venue as? any MarketDataVenue, let trading = venue as? any TradingVenue, let streams = venue.streams else {
            print("\(config.plugin) does not offer market data, trading and streams")
            return
        }

        // 1. A book kept from the stream: a snapshot, then deltas.
        var book: OrderBook?
        var updates = 0
        for try await event in streams.stream([.book(symbol)]) {
            guard case .book(let update) = event.payload else { continue }
            if update.action == .snapshot {
                book = try OrderBook(snapshot: OrderBookSnapshot(symbol: symbol, sequence: update.sequence, bids: update.bids, asks: update.asks))
            } else {
                try book?.apply(update)
            }
            updates += 1
            if updates == 50 { break }
        }
        guard let book, let bid = book.bestBid, let ask = book.bestAsk else { return }
        print("book after \(updates) updates: \(bid.size) @ \(bid.price) / \(ask.size) @ \(ask.price)")

        // 2. A passive order below the market, then cancelled.
        let instrument = try await market.instrument(symbol: symbol)
        let passive = bid.price - instrument.tickSize * 100
        let resting = try await trading.placeOrder(
            OrderRequest(symbol: symbol, side: .buy, type: .limit, size: instrument.lotSize, price: passive, leverage: 2), validateOnly: false)
        print("placed \(resting.orderID) buy \(instrument.lotSize) @ \(passive): \(try await trading.order(id: resting.orderID, symbol: symbol).status)")
        print("cancelled \(try await trading.cancelOrder(id: resting.orderID, symbol: symbol))")

        // 3. A market order, and the position it leaves.
        let filled = try await trading.placeOrder(
            OrderRequest(symbol: symbol, side: .buy, type: .market, size: instrument.lotSize * 2, leverage: 2), validateOnly: false)
        let order = try await trading.order(id: filled.orderID, symbol: symbol)
        let position = try await trading.position(symbol: symbol)
        print("market buy \(order.filledSize) filled; position \(position.size) @ \(position.entryPrice)")
        let balance = try await trading.balance(currency: instrument.settle)
        print("balance \(balance.available) \(balance.currency) available")
    }
}
