import ExchangeKit
import Foundation
import KuCoinCore

/// Private messages with no normalized payload, checked for shape and then reported as
/// `unhandled(topic:subject:)` (PROTOCOL.md §9).
///
/// - `/contract/position:{symbol}` / `/contract/positionAll`, subject `position.adjustRiskLimit`:
///   `{"success":true,"riskLimitLevel":1,"msg":""}`, the asynchronous result of
///   `POST /api/v1/position/risk-limit-level/change`. No ``StreamEvent/Payload`` carries a
///   risk-limit level or the outcome of a REST request, the runner has no request of its own
///   to resolve (a `requestFailed` without a pending id would end the connection), and
///   `/contract/positionAll` does not even name the symbol. Required: `success` (bool),
///   `riskLimitLevel` (integer); `msg` optional.
/// - `/contract/marginMode` and `/contract/crossLeverage`, subject `user.config`:
///   `{"ETHUSDTM":"ISOLATED"}`, `{"ETHUSDTM":{"leverage":"8"}}`. Per-symbol account settings,
///   which no payload carries. The data must be an object of symbols to a mode string or to an
///   object with `leverage` (a string or number).
/// Samples `futures/ws/position.adjustRiskLimit.json`, `futures/ws/marginMode.json`, `futures/ws/crossLeverage.json`.
enum AccountNoticeMessage {
    static func checkRiskLimit(_ data: inout JSONReader) throws(WireError) {
        var success: Bool?
        var level: Int64?
        try data.object()
        while let key = try data.key() {
            if key.matches("success") { success = try data.bool("success") }
            else if key.matches("riskLimitLevel") { level = try data.int64("riskLimitLevel") }
            else if key.matches("msg") { _ = try data.optionalString("msg") }
            else { try data.skip() }
        }
        guard success != nil else { throw .missing("success") }
        guard level != nil else { throw .missing("riskLimitLevel") }
    }

    static func checkMarginModes(_ data: inout JSONReader) throws(WireError) {
        try data.object()
        while let key = try data.key() {
            let mode = try data.stringBytes("marginMode")
            guard key.count > 0 else { throw .invalid("symbol", "empty") }
            guard mode.matches("ISOLATED") || mode.matches("CROSS") else {
                throw .invalid("marginMode", "\"\(mode)\" is neither \"ISOLATED\" nor \"CROSS\"")
            }
        }
    }

    static func checkCrossLeverage(_ data: inout JSONReader) throws(WireError) {
        try data.object()
        while let key = try data.key() {
            guard key.count > 0 else { throw .invalid("symbol", "empty") }
            var leverage: DecimalComponents?
            try data.object()
            while let inner = try data.key() {
                if inner.matches("leverage") { leverage = try data.decimal("leverage") } else { try data.skip() }
            }
            guard let leverage else { throw .missing("leverage") }
            guard leverage.isPositive else { throw .invalid("leverage", "not positive") }
        }
    }
}
