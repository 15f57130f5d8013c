import ExchangeKit
import Foundation
import KuCoinCore

/// `/contractAccount/wallet`: the futures account's funds in one currency (PROTOCOL.md §9).
///
/// ```
/// walletBalance.change:    {"crossPosMargin":"0","isolatedOrderMargin":"18.1188","holdBalance":"0","equity":"81.273621258",
///                           "version":"1337","availableBalance":"26.144281178","isolatedPosMargin":"36.80984008",
///                           "walletBalance":"81.072921258",…,"currency":"USDT","timestamp":"1731916996764"}
/// availableBalance.change: {"availableBalance":5923,"holdBalance":2312,"currency":"USDT","timestamp":1553842862614}
/// orderMargin.change:      {"orderMargin":5923,"currency":"USDT","timestamp":1553842862614}
/// withdrawHold.change:     {"withdrawHold":5923,"currency":"USDT","timestamp":1553842862614}
/// ```
/// Samples `futures/ws/wallet.*.json`.
enum WalletMessage {
    /// `walletBalance.change` → ``Balance``: available = `availableBalance`, total = `walletBalance`
    /// (the funds in the account, margins included, unrealised PnL not: `equity` is
    /// `walletBalance` + `crossUnPnl` + `isolatedUnPnl` and can vanish with the mark price),
    /// hold = `holdBalance` (KuCoin's frozen funds; the margins of orders and positions are in
    /// the `…Margin` fields, not in it). Required: `currency`, `availableBalance`,
    /// `walletBalance`, `timestamp` (ms, a string here); `holdBalance` is optional. `version`
    /// is not kept (``Balance`` has no place for it).
    static func walletBalance(_ data: inout JSONReader, into output: inout [StreamMessage]) throws(WireError) {
        try balance(&data, totalKey: true, into: &output)
    }

    /// `availableBalance.change` (legacy) → ``Balance`` with available and hold, no total.
    /// Required: `currency`, `availableBalance`, `timestamp` (ms); `holdBalance` optional.
    static func availableBalance(_ data: inout JSONReader, into output: inout [StreamMessage]) throws(WireError) {
        try balance(&data, totalKey: false, into: &output)
    }

    private static func balance(_ data: inout JSONReader, totalKey: Bool, into output: inout [StreamMessage]) throws(WireError) {
        var currency: String?
        var available: DecimalComponents?
        var total: DecimalComponents?
        var hold: Decimal?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("availableBalance") { available = try data.decimal("availableBalance") }
            else if totalKey && key.matches("walletBalance") { total = try data.decimal("walletBalance") }
            else if key.matches("holdBalance") { hold = try data.optionalDecimal("holdBalance") }
            else if key.matches("currency") { currency = try data.string("currency") }
            else if key.matches("timestamp") { time = try data.milliseconds("timestamp") }
            else { try data.skip() }
        }

        guard let currency else { throw .missing("currency") }
        guard let available else { throw .missing("availableBalance") }
        guard let time else { throw .missing("timestamp") }
        guard !currency.isEmpty else { throw .invalid("currency", "empty") }
        if totalKey && total == nil { throw .missing("walletBalance") }
        let balance = Balance(currency: currency, available: available.decimal, total: total?.decimal, hold: hold, timestamp: time)
        output.append(.event(symbol: nil, exchangeTime: time, payload: .balance(balance)))
    }

    /// `orderMargin.change` / `withdrawHold.change` (legacy): checked, then reported as
    /// `unhandled`. They carry one component (`orderMargin` or `withdrawHold`) without the
    /// available balance a ``Balance`` requires, and inventing it would be wrong;
    /// `walletBalance.change` carries every figure. Required: the amount, `currency`, `timestamp` (ms).
    static func checkComponent(_ data: inout JSONReader, amountKey: StaticString) throws(WireError) {
        var amount: DecimalComponents?
        var currency: String?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches(amountKey) { amount = try data.decimal(amountKey) }
            else if key.matches("currency") { currency = try data.string("currency") }
            else if key.matches("timestamp") { time = try data.milliseconds("timestamp") }
            else { try data.skip() }
        }
        guard amount != nil else { throw .missing(amountKey) }
        guard currency != nil else { throw .missing("currency") }
        guard time != nil else { throw .missing("timestamp") }
    }
}
