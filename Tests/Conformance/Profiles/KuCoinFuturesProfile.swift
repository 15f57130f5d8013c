import ExchangeKit
import ExchangeKitTesting
import KuCoinFutures
import KuCoinTestSupport

/// What the conformance kit needs to know of KuCoin Futures beyond what both KuCoin venues
/// share: its execution and level2 frames, its snapshot reply, and its decoder's inferences.
struct KuCoinFuturesProfile: KuCoinConformanceProfile {
    var plugin: any VenuePlugin.Type { KuCoinFutures.self }

    var parameters: ConformanceParameters { ConformanceParameters(symbol: "XBTUSDTM", currency: "USDT", orderID: "5cdfc138b21023a909e5ad55") }

    /// The decoder's documented inferences (OrderChangeMessage, StopOrderMessage, KuCoinFrameReader):
    /// an order event without `orderType` is a limit order when it has a price, else a market order;
    /// an error frame's reason is its `data`, as raw JSON when that is not a string.
    var inferences: [String: Set<String>] { ["price": ["type"], "orderPrice": ["type"], "data": ["message"]] }

    func tradeFrame(symbol: String, index: Int) -> String { KuCoinFuturesFrames.execution(index, symbol: symbol) }

    func bookDeltaFrame(_ delta: ScriptedBookDelta) -> String {
        KuCoinFuturesFrames.level2(delta.sequence, "\(delta.price),\(delta.side == .bid ? "buy" : "sell"),\(delta.size)", symbol: delta.symbol)
    }

    func installBookSnapshots(on http: ScriptedHTTPServer, _ book: @escaping @Sendable (String) -> OrderBookSnapshot?) {
        routeSnapshots(on: http, paths: ["/api/v1/level2/snapshot"], book) { snapshot in
            func levels(_ levels: [PriceLevel]) -> String { "[" + levels.map { "[\($0.price),\($0.size)]" }.joined(separator: ",") + "]" }
            return #"{"sequence":\#(snapshot.sequence),"symbol":"\#(snapshot.symbol)","bids":\#(levels(snapshot.bids)),"asks":\#(levels(snapshot.asks)),"ts":1729168101216000000}"#
        }
    }
}
