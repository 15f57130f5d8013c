import ExchangeKit
import Foundation
import KuCoinCore

/// Funding settlements as ``FundingRate``s: the public `/contract/announcement` subjects
/// `funding.begin` / `funding.end`, and the private `/contract/position:{symbol}` subject
/// `position.settlement` (PROTOCOL.md §9).
///
/// ```
/// funding.begin|end:   {"symbol":"XBTUSDTM","fundingTime":1551770400000,"fundingRate":-0.002966,"timestamp":1551770400000}
/// position.settlement: {"fundingTime":1551770400000,"qty":100,"markPrice":3610.85,"fundingRate":-0.002966,
///                       "fundingFee":-296,"ts":1547697294838004923,"settleCurrency":"XBT"}
/// ```
/// The rate's ``FundingRate/timestamp`` is `fundingTime` (the settlement the rate applies
/// to); the event's exchange time is the message's own time (`timestamp` ms, or `ts` ns for
/// settlements). The interval is not in these messages.
/// Samples `futures/ws/announcement.funding-begin.json`, `…funding-end.json`, `futures/ws/position.settlement.json`.
enum FundingSettlementMessage {
    /// `funding.begin` / `funding.end`. Required: `symbol` (the announcement topic names none),
    /// `fundingRate`, `fundingTime` (ms), `timestamp` (ms).
    static func announcement(_ data: inout JSONReader, into output: inout [StreamMessage]) throws(WireError) {
        try read(&data, topic: .none, timeKey: .timestamp, into: &output)
    }

    /// `position.settlement`: the account's funding fee for its position, reported here as the
    /// settled rate; `fundingFee`, `qty` and `markPrice` are not kept (no normalized payload
    /// carries a funding payment). Required: `fundingRate`, `fundingTime` (ms), `ts` (ns), and
    /// `symbol` unless the topic names it.
    static func positionSettlement(_ data: inout JSONReader, topic: TopicSymbol, into output: inout [StreamMessage]) throws(WireError) {
        try read(&data, topic: topic, timeKey: .ts, into: &output)
    }

    private enum TimeKey { case timestamp, ts }

    private static func read(_ data: inout JSONReader, topic: TopicSymbol, timeKey: TimeKey, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var rate: DecimalComponents?
        var fundingTime: Timestamp?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("fundingRate") {
                rate = try data.decimal("fundingRate")
            } else if key.matches("fundingTime") {
                fundingTime = try data.milliseconds("fundingTime")
            } else if key.matches("symbol") {
                symbol = try data.stringBytes("symbol")
            } else if timeKey == .timestamp && key.matches("timestamp") {
                time = try data.milliseconds("timestamp")
            } else if timeKey == .ts && key.matches("ts") {
                time = try data.nanoseconds("ts")
            } else {
                try data.skip()
            }
        }

        guard let rate else { throw .missing("fundingRate") }
        guard let fundingTime else { throw .missing("fundingTime") }
        guard let time else { throw timeKey == .timestamp ? .missing("timestamp") : .missing("ts") }
        let name = try topic.resolve(symbol)
        let value = FundingRate(symbol: name, rate: rate.decimal, timestamp: fundingTime)
        output.append(.event(symbol: name, exchangeTime: time, payload: .fundingRate(value)))
    }
}
