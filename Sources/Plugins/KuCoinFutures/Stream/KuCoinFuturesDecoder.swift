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
        var reader = KuCoinFrameReader(frame)
        let head: KuCoinFrameReader.Head
        do {
            head = try reader.readHead(handingOverData: true)
        } catch {
            output.append(failure("frame: \(error)", frame))
            return
        }
        switch head {
        case .data(let topic, let subject):
            // The common case: type, topic and subject came first; data is read in the same pass.
            // The message is appended before the rest of the frame is checked, and replaced when that fails.
            let count = output.count
            do throws(WireError) {
                try route(topic, subject, &reader.json, into: &output)
                do { try reader.finish() } catch { throw WireError(.json(error)) }
            } catch {
                output.removeSubrange(count...)
                output.append(failure(context(topic, subject) + error.description, frame))
            }
        case .message(let topic, let subject, let range):
            var data = JSONReader(UnsafeRawBufferPointer(rebasing: frame[range]))
            let count = output.count
            do throws(WireError) {
                try route(topic, subject, &data, into: &output)
                do { try data.finish() } catch { throw WireError(.json(error)) }
            } catch {
                output.removeSubrange(count...)
                output.append(failure(context(topic, subject) + error.shifted(by: range.lowerBound).description, frame))
            }
        case .control(let control):
            output.append(message(for: control))
        case .other(let type, let topic, _):
            output.append(.event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: topic?.string ?? "", subject: "type \(type)")))
        }
    }

    // MARK: - Routing

    private static func route(
        _ topic: JSONString, _ subject: JSONString?, _ data: inout JSONReader, into output: inout [StreamMessage]
    ) throws(WireError) {
        guard topic.hasEscapes else { return try route(TopicBytes(topic.rawBytes), subject, &data, into: &output) }
        // A topic with JSON escapes (`\/`): match on its unescaped text.
        let text = Array(topic.string.utf8)
        try text.withUnsafeBytes { bytes in
            Result { () throws(WireError) in try route(TopicBytes(bytes), subject, &data, into: &output) }
        }.get()
    }

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
            let (symbol, interval) = try candleTopic(suffix)
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

    /// `XBTUSDTM_1min` → the symbol and the bar length.
    private static func candleTopic(_ suffix: UnsafeRawBufferPointer) throws(WireError) -> (TopicSymbol, Duration) {
        guard let underscore = suffix.lastIndex(of: UInt8(ascii: "_")), underscore > 0 else {
            throw .invalid("topic", "no {symbol}_{type} after limitCandle:")
        }
        let type = UnsafeRawBufferPointer(rebasing: suffix[(underscore + 1)...])
        guard let interval = CandleMessage.interval(type) else {
            throw .invalid("topic", "unknown candle type \"\(String(decoding: type, as: UTF8.self))\"")
        }
        return (TopicSymbol(bytes: UnsafeRawBufferPointer(rebasing: suffix[..<underscore])), interval)
    }

    private static func unhandled(_ topic: TopicBytes, _ subject: JSONString?) -> StreamMessage {
        .event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: topic.string, subject: subject?.string))
    }

    // MARK: - Control frames and failures

    private static func message(for control: KuCoinFrame) -> StreamMessage {
        switch control {
        case .welcome: .welcome
        case .pong: .pong
        case .ack(let id): .ack(id: id)
        case .error(let id, let code, let message): .requestFailed(id: id, code: code, message: message)
        case .message(let topic, let subject, _): .event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: topic, subject: subject))
        case .other(let type): .event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: "", subject: "type \(type)"))
        }
    }

    private static func context(_ topic: JSONString, _ subject: JSONString?) -> String {
        "\(topic) \(subject?.string ?? "(no subject)"): "
    }

    private static func failure(_ reason: String, _ frame: UnsafeRawBufferPointer) -> StreamMessage {
        .event(symbol: nil, exchangeTime: nil, payload: .decodeFailure(error: reason, excerpt: ExchangeError.excerpt(of: frame)))
    }
}
