import ExchangeKit
import Foundation
import KuCoinCore

/// Decodes KuCoin Futures WebSocket frames into stream messages: pure, no state, one message per frame.
///
/// ```swift
/// var output: [StreamMessage] = []
/// bytes.withUnsafeBytes { KuCoinFuturesDecoder.decode($0, into: &output) }
/// ```
///
/// | topic (subject) | output |
/// |---|---|
/// | `welcome`, `pong`, `ack`, `error` frames | `.welcome`, `.pong`, `.ack(id:)`, `.requestFailed(id:code:message:)` |
/// | `/contractMarket/execution:S` (`match`) | `.trade` |
/// | `/contractMarket/tickerV2:S` (`tickerV2`), `/contractMarket/ticker:S` (`ticker`) | `.ticker` |
/// | `/contractMarket/level2Depth5:S`, `level2Depth50:S` (`level2`) | `.book` snapshot, depth 5 / 50 |
/// | `/contractMarket/level2:S` (`level2`) | `.bookDelta`, one change |
/// | `/contractMarket/limitCandle:S_type` (`candle.stick`) | `.candle` |
/// | `/contract/instrument:S` (`mark.index.price`, `funding.rate`) | `.markPrice`, `.fundingRate` |
/// | `/contract/announcement` (`funding.begin`, `funding.end`) | `.fundingRate` |
/// | `/contractMarket/tradeOrders[:S]` (`orderChange`, `symbolOrderChange`) | `.order` |
/// | `/contractMarket/advancedOrders` (`stopOrder`) | `.order` |
/// | `/contract/position:S`, `/contract/positionAll` (`position.change`) | `.position`, or `.positionPatch` without `currentQty` |
/// | same (`position.settlement`) | `.fundingRate` |
/// | `/contractAccount/wallet` (`walletBalance.change`, `availableBalance.change`) | `.balance` |
/// | checked, no normalized payload: `position.adjustRiskLimit`, wallet `orderMargin.change` / `withdrawHold.change`, `/contract/marginMode` and `/contract/crossLeverage` (`user.config`) | `.unhandled(topic:subject:)` |
/// | any other topic or subject (`/contractMarket/snapshot:S` …), any other frame type | `.unhandled(topic:subject:)` |
///
/// The mapping of each message, its required fields and its choices are documented on its
/// wire type (`Stream/Wire/`). A frame that is not well-formed JSON, is truncated, lacks a
/// required field or has one of the wrong type or an impossible value (a negative size, a
/// side other than buy/sell) becomes a `decodeFailure` with an excerpt — never a default.
/// Numbers that are money are read exactly from their literal text; lots are integers;
/// ns timestamps stay `Int64`.
public enum KuCoinFuturesDecoder {
    /// Decodes one text frame, appending what it says to `output`.
    public static func decode(_ frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        KuCoinMessageDecoding.decode(frame, into: &output, route: route)
    }

    // MARK: - Routing

    private static func route(
        _ topic: TopicBytes, _ subject: JSONString?, _ data: inout JSONReader, into output: inout [StreamMessage]
    ) throws(WireError) {
        switch FuturesTopic(topic) {
        // Public.
        case .level2(let symbol) where subject.matches("level2"):
            try Level2ChangeMessage.message(&data, symbol: symbol.required(), into: &output)
        case .execution(let symbol) where subject.matches("match"):
            try ExecutionMessage.message(&data, topic: symbol, into: &output)
        case .tickerV2(let symbol) where subject.matches("tickerV2"):
            try TickerMessage.message(&data, topic: symbol, withLastTrade: false, into: &output)
        case .depth(let symbol, let depth) where subject.matches("level2"):
            try DepthSnapshotMessage.message(&data, symbol: symbol.required(), depth: depth, into: &output)
        case .ticker(let symbol) where subject.matches("ticker"):
            try TickerMessage.message(&data, topic: symbol, withLastTrade: true, into: &output)
        case .instrument(let symbol) where subject.matches("mark.index.price"):
            try InstrumentMessage.markPrice(&data, symbol: symbol.required(), into: &output)
        case .instrument(let symbol) where subject.matches("funding.rate"):
            try InstrumentMessage.fundingRate(&data, symbol: symbol.required(), into: &output)
        case .candle(let suffix) where subject.matches("candle.stick"):
            let (symbol, interval) = try KuCoinCandleType.split(suffix, product: .futures)
            try CandleMessage.message(&data, topicSymbol: symbol, interval: interval, into: &output)
        case .announcement where subject.matches("funding.begin") || subject.matches("funding.end"):
            try FundingSettlementMessage.announcement(&data, into: &output)
        // Private.
        case .tradeOrders(let symbol) where subject.matches("orderChange") || subject.matches("symbolOrderChange"):
            try OrderChangeMessage.message(&data, topic: symbol, into: &output)
        case .advancedOrders(let symbol) where subject.matches("stopOrder"):
            try StopOrderMessage.message(&data, topic: symbol, into: &output)
        case .position(let symbol) where subject.matches("position.change"):
            try PositionChangeMessage.message(&data, topic: symbol, into: &output)
        case .position(let symbol) where subject.matches("position.settlement"):
            try FundingSettlementMessage.positionSettlement(&data, topic: symbol, into: &output)
        case .position where subject.matches("position.adjustRiskLimit"):
            try AccountNoticeMessage.checkRiskLimit(&data)
            output.append(unhandled(topic, subject))
        case .wallet where subject.matches("walletBalance.change"):
            try WalletMessage.walletBalance(&data, into: &output)
        case .wallet where subject.matches("availableBalance.change"):
            try WalletMessage.availableBalance(&data, into: &output)
        case .wallet where subject.matches("orderMargin.change"):
            try WalletMessage.checkComponent(&data, amountKey: "orderMargin")
            output.append(unhandled(topic, subject))
        case .wallet where subject.matches("withdrawHold.change"):
            try WalletMessage.checkComponent(&data, amountKey: "withdrawHold")
            output.append(unhandled(topic, subject))
        case .marginMode where subject.matches("user.config"):
            try AccountNoticeMessage.checkMarginModes(&data)
            output.append(unhandled(topic, subject))
        case .crossLeverage where subject.matches("user.config"):
            try AccountNoticeMessage.checkCrossLeverage(&data)
            output.append(unhandled(topic, subject))
        default:
            // A valid frame that is not mapped: its data is checked to be well-formed and skipped.
            try data.skip()
            output.append(unhandled(topic, subject))
        }
    }

    private static func unhandled(_ topic: TopicBytes, _ subject: JSONString?) -> StreamMessage {
        KuCoinMessageDecoding.unhandled(topic, subject)
    }
}
