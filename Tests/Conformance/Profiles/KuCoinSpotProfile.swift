import ExchangeKit
import ExchangeKitTesting
import KuCoinSpot

/// What the conformance kit needs to know of KuCoin Spot beyond what both KuCoin venues share:
/// its match and ranged level2 frames (PROTOCOL.md §9), its snapshot reply (the signed full book
/// when credentials are configured, else the top 100), and its decoder's inferences.
struct KuCoinSpotProfile: KuCoinConformanceProfile {
    var plugin: any VenuePlugin.Type { KuCoinSpot.self }

    var parameters: ConformanceParameters {
        ConformanceParameters(symbol: "BTC-USDT", currency: "USDT", orderID: "670fd33bf9406e0007ab3945",
                              order: .limit(.buy, "BTC-USDT", size: "0.001", price: "60000", clientOrderID: "conformance-client-1"))
    }

    /// The decoder's documented inferences: a stop order without `orderPrice` is a stop-market
    /// order (StopOrderMessage); an error frame's reason is its `data`, as raw JSON when that is
    /// not a string (KuCoinFrameReader).
    var inferences: [String: Set<String>] { ["orderPrice": ["type"], "data": ["message"]] }

    /// `/market/ticker:all` carries the symbol in `subject`: there it is data, not routing.
    func routingKeys(ofSample name: String) -> [String] { name == "ticker-all" ? ["type", "topic"] : routingKeys }

    func tradeFrame(symbol: String, index: Int) -> String {
        #"{"topic":"/market/match:\#(symbol)","type":"message","subject":"trade.l3match","data":{"makerOrderId":"m\#(index)","price":"6752\#(index).5","sequence":"\#(1000 + index)","side":"\#(index % 2 == 0 ? "buy" : "sell")","size":"0.00\#(index + 1)","symbol":"\#(symbol)","takerOrderId":"t\#(index)","time":"1729843222921000000","tradeId":"\#(5000 + index)","type":"match"}}"#
    }

    func bookDeltaFrame(_ delta: ScriptedBookDelta) -> String {
        let level = #"["\#(delta.price)","\#(delta.size)","\#(delta.sequence)"]"#
        let asks = delta.side == .ask ? level : ""
        let bids = delta.side == .bid ? level : ""
        return #"{"topic":"/market/level2:\#(delta.symbol)","type":"message","subject":"trade.l2update","data":{"changes":{"asks":[\#(asks)],"bids":[\#(bids)]},"sequenceEnd":\#(delta.sequence),"sequenceStart":\#(delta.sequence),"symbol":"\#(delta.symbol)","time":1729816425625}}"#
    }

    func installBookSnapshots(on http: ScriptedHTTPServer, _ book: @escaping @Sendable (String) -> OrderBookSnapshot?) {
        routeSnapshots(on: http, paths: ["/api/v3/market/orderbook/level2", "/api/v1/market/orderbook/level2_100"], book) { snapshot in
            func levels(_ levels: [PriceLevel]) -> String { "[" + levels.map { #"["\#($0.price)","\#($0.size)"]"# }.joined(separator: ",") + "]" }
            return #"{"time":1729176273859,"sequence":"\#(snapshot.sequence)","bids":\#(levels(snapshot.bids)),"asks":\#(levels(snapshot.asks))}"#
        }
    }
}
