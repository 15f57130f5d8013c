import ExchangeKit
import Foundation
import KuCoinCore

/// Decodes KuCoin Spot WebSocket frames into stream messages: pure, no state, one message per frame.
///
/// ```swift
/// var output: [StreamMessage] = []
/// bytes.withUnsafeBytes { KuCoinSpotDecoder.decode($0, into: &output) }
/// ```
///
/// | topic (subject) | output |
/// |---|---|
/// | `welcome`, `pong`, `ack`, `error` frames | `.welcome`, `.pong`, `.ack(id:)`, `.requestFailed(id:code:message:)` |
/// | `/market/match:S` (`trade.l3match`) | `.trade` |
/// | `/market/ticker:S` (`trade.ticker`); `/market/ticker:all` (subject = the symbol) | `.ticker` |
/// | `/market/level2:S` (`trade.l2update`) | `.bookDelta` with a sequence range and per-level sequences |
/// | `/spotMarket/level2Depth5:S`, `level2Depth50:S` (`level2`) | `.book` snapshot, depth 5 / 50 |
/// | `/spotMarket/level1:S` (`level1`) | `.ticker` (best bid and ask only) |
/// | `/market/candles:S_type` (`trade.candles.update`) | `.candle` |
/// | `/market/snapshot:S` (`trade.snapshot`) | `.ticker` |
/// | `/spotMarket/tradeOrdersV2`, `/spotMarket/tradeOrders` (`orderChange`, every type) | `.order` |
/// | `/spotMarket/advancedOrders` (`stopOrder`) | `.order` |
/// | `/account/balance` (`account.balance`) | `.balance` |
/// | any other topic or subject, any other frame type | `.unhandled(topic:subject:)` |
///
/// Each message's mapping, required fields and choices are documented on its wire type
/// (`Stream/Wire/`). A frame that is not well-formed JSON, is truncated, lacks a required field
/// or has one of the wrong type or an impossible value becomes a `decodeFailure` with an
/// excerpt — never a default. Amounts are read exactly from their text (Spot sends them as
/// strings); sequences and ns times sent as strings are read as `Int64`.
public enum KuCoinSpotDecoder {
    /// Decodes one text frame, appending what it says to `output`.
    public static func decode(_ frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        KuCoinMessageDecoding.decode(frame, into: &output, route: route)
    }

    private static func route(
        _ topic: TopicBytes, _ subject: JSONString?, _ data: inout JSONReader, into output: inout [StreamMessage]
    ) throws(WireError) {
        switch SpotTopic(topic) {
        case .level2(let symbol) where subject.matches("trade.l2update"):
            try Level2UpdateMessage.message(&data, topic: symbol, into: &output)
        case .match(let symbol) where subject.matches("trade.l3match"):
            try MatchMessage.message(&data, topic: symbol, into: &output)
        case .ticker(let symbol) where symbol.bytes.elementsEqual("all".utf8):
            // All symbols: the subject names the symbol.
            guard let subject, !subject.string.isEmpty else { throw .missing("subject") }
            try TickerMessage.message(&data, symbol: subject.string, into: &output)
        case .ticker(let symbol) where subject.matches("trade.ticker"):
            try TickerMessage.message(&data, symbol: symbol.required(), into: &output)
        case .depth(let symbol, let depth) where subject.matches("level2"):
            try DepthMessage.message(&data, symbol: symbol.required(), depth: depth, into: &output)
        case .level1(let symbol) where subject.matches("level1"):
            try Level1Message.message(&data, symbol: symbol.required(), into: &output)
        case .candles(let suffix) where subject.matches("trade.candles.update"):
            let (symbol, interval) = try KuCoinCandleType.split(suffix, product: .spot)
            try CandleMessage.message(&data, topic: symbol, interval: interval, into: &output)
        case .snapshot(let symbol) where subject.matches("trade.snapshot"):
            try SnapshotMessage.message(&data, topic: symbol, into: &output)
        case .tradeOrders where subject.matches("orderChange"):
            try OrderChangeMessage.message(&data, into: &output)
        case .advancedOrders where subject.matches("stopOrder"):
            try StopOrderMessage.message(&data, into: &output)
        case .balance where subject.matches("account.balance"):
            try BalanceMessage.message(&data, into: &output)
        default:
            // A valid frame that is not mapped: its data is checked to be well-formed and skipped.
            try data.skip()
            output.append(KuCoinMessageDecoding.unhandled(topic, subject))
        }
    }
}
