import Foundation

/// KuCoin Futures' wire format, written by the simulator: WebSocket frames and REST replies
/// in the shapes of the reference samples (PROTOCOL.md §6, §8, §9).
enum KuCoinWire {
    // MARK: - WebSocket

    static func welcome(_ connectID: String) -> String { #"{"id":"\#(connectID)","type":"welcome"}"# }
    static func ack(_ id: String) -> String { #"{"id":"\#(id)","type":"ack"}"# }
    static func pong(_ id: String, micros: Int64) -> String { #"{"id":"\#(id)","type":"pong","timestamp":\#(micros)}"# }
    static func error(_ id: String, code: Int, _ reason: String) -> String {
        #"{"id":"\#(id)","type":"error","code":\#(code),"data":"\#(reason)"}"#
    }

    /// A 24-digit lowercase hex id, as KuCoin's order ids look (`String(format:)` costs microseconds).
    static func hex24(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 24 - digits.count)) + digits
    }

    /// The synthetic ids of the two orders of a public trade, from its sequence.
    static func takerOrderID(_ sequence: Int64) -> String { hex24(UInt64(bitPattern: sequence) &* 2_654_435_761) }
    static func makerOrderID(_ sequence: Int64) -> String { hex24(UInt64(bitPattern: sequence) &* 40_503) }

    /// The frame of an event, as text (the stream writes the same bytes with ``write(_:priceDecimals:into:)``).
    static func frame(_ event: MarketEvent, contract: SimContract) -> String {
        String(unsafeUninitializedCapacity: maximumFrameSize(symbol: event.symbol)) { buffer in
            var writer = SimByteWriter(UnsafeMutableRawPointer(buffer.baseAddress!))
            write(event, priceDecimals: contract.priceDecimals, into: &writer)
            return writer.count
        }
    }

    /// A top-N book frame (`level2Depth5` / `level2Depth50`).
    static func depth(_ market: SimMarket, depth: Int, timeMillis: Int64) -> String {
        let levels = market.levels(depth: depth)
        let contract = market.contract
        func rows(_ side: [(Int64, Int64)]) -> String { "[" + side.map { #"["\#(contract.price($0.0))",\#($0.1)]"# }.joined(separator: ",") + "]" }
        return #"{"topic":"/contractMarket/level2Depth\#(depth):\#(contract.symbol)","type":"message","subject":"level2","sn":\#(timeMillis),"data":{"bids":\#(rows(levels.bids)),"sequence":\#(market.sequence),"timestamp":\#(timeMillis),"ts":\#(timeMillis),"asks":\#(rows(levels.asks))}}"#
    }

    // MARK: - REST

    static func success(_ data: String) -> String { #"{"code":"200000","data":\#(data)}"# }
    static func failure(_ code: String, _ message: String) -> String { #"{"code":"\#(code)","msg":"\#(message)"}"# }

    static func contract(_ contract: SimContract, market: SimMarket) -> String {
        #"{"symbol":"\#(contract.symbol)","rootSymbol":"USDT","type":"FFWCSX","baseCurrency":"\#(contract.base)","quoteCurrency":"\#(contract.quote)","settleCurrency":"USDT","maxOrderQty":1000000,"maxPrice":1000000,"lotSize":1,"tickSize":\#(contract.tickSize),"multiplier":\#(contract.multiplier),"initialMargin":0.008,"maintainMargin":0.004,"makerFeeRate":0.0002,"takerFeeRate":0.0006,"isInverse":false,"isQuanto":true,"status":"Open","markPrice":\#(contract.price(market.mid)),"lastTradePrice":\#(contract.price(market.mid))}"#
    }

    static func ticker(_ market: SimMarket, time: Int64) -> String {
        let contract = market.contract
        let bid = market.bestBid ?? (market.mid - 1, 0)
        let ask = market.bestAsk ?? (market.mid, 0)
        return #"{"sequence":\#(market.sequence),"symbol":"\#(contract.symbol)","side":"buy","size":1,"tradeId":"\#(market.tradeSequence)","price":"\#(contract.price(market.mid))","bestBidPrice":"\#(contract.price(bid.0))","bestBidSize":\#(bid.1),"bestAskPrice":"\#(contract.price(ask.0))","bestAskSize":\#(ask.1),"ts":\#(time)}"#
    }

    static func book(_ market: SimMarket, depth: Int?, time: Int64) -> String {
        let levels = market.levels(depth: depth)
        let contract = market.contract
        func rows(_ side: [(Int64, Int64)]) -> String { "[" + side.map { "[\(contract.price($0.0)),\($0.1)]" }.joined(separator: ",") + "]" }
        return #"{"sequence":\#(market.sequence),"symbol":"\#(contract.symbol)","bids":\#(rows(levels.bids)),"asks":\#(rows(levels.asks)),"ts":\#(time)}"#
    }

    static func candles(_ market: SimMarket, granularityMinutes: Int64, from: Int64, to: Int64) -> String {
        let contract = market.contract
        let rows = market.bars(width: granularityMinutes * 60_000, from: from, to: to).map {
            "[\($0.start),\(contract.price($0.open)),\(contract.price($0.high)),\(contract.price($0.low)),\(contract.price($0.close)),\($0.volume)]"
        }
        return "[" + rows.joined(separator: ",") + "]"
    }

    static func bullet(token: String, endpoint: String, pingInterval: Duration, pingTimeout: Duration) -> String {
        #"{"token":"\#(token)","instanceServers":[{"endpoint":"\#(endpoint)","encrypt":false,"protocol":"websocket","pingInterval":\#(milliseconds(pingInterval)),"pingTimeout":\#(milliseconds(pingTimeout))}]}"#
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    static func accountOverview(balance: String) -> String {
        #"{"accountEquity":\#(balance),"unrealisedPNL":0,"marginBalance":\#(balance),"positionMargin":0,"orderMargin":0,"frozenFunds":0,"availableBalance":\#(balance),"currency":"USDT","riskRatio":0,"maxWithdrawAmount":\#(balance)}"#
    }

    static func flatPosition(_ market: SimMarket, time: Int64) -> String {
        #"{"id":"sim-\#(market.contract.symbol)","symbol":"\#(market.contract.symbol)","crossMode":false,"marginMode":"ISOLATED","positionSide":"BOTH","leverage":1,"currentQty":0,"avgEntryPrice":0,"markPrice":\#(market.contract.price(market.mid)),"unrealisedPnl":0,"realisedPnl":0,"isOpen":false,"settleCurrency":"USDT","currentTimestamp":\#(time / 1_000_000)}"#
    }
}
