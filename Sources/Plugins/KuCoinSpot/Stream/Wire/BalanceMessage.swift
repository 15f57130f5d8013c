import ExchangeKit
import Foundation
import KuCoinCore

/// `/account/balance`, subject `account.balance`: one currency's funds after a change (PROTOCOL.md §10).
///
/// ```
/// {"accountId":"548674591753","currency":"USDT","total":"21.133773386762","available":"20.132773386762",
///  "hold":"1.001","availableChange":"-0.5005","holdChange":"0.5005","relationContext":{"symbol":"BTC-USDT",
///  "orderId":"6721d0632db25b0007071fdc"},"relationEvent":"trade.hold","relationEventId":"354689988084000","time":"1730269283892"}
/// ```
/// ``Balance``: available `available`, total `total`, hold `hold` (strings), time `time` (ms, a
/// string). Required: `currency`, `available`, `total`, `time`; `hold` optional. The change amounts
/// and what caused them (`relationEvent`, `relationContext`) are not kept (``Balance`` has no place for them).
/// Sample `spot/ws/account-balance.json`.
enum BalanceMessage {
    static func message(_ data: inout JSONReader, into output: inout [StreamMessage]) throws(WireError) {
        var currency: String?
        var available: DecimalComponents?
        var total: DecimalComponents?
        var hold: Decimal?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("available") { available = try data.decimal("available") }
            else if key.matches("total") { total = try data.decimal("total") }
            else if key.matches("hold") { hold = try data.optionalDecimal("hold") }
            else if key.matches("currency") { currency = try data.string("currency") }
            else if key.matches("time") { time = try data.milliseconds("time") }
            else { try data.skip() }
        }

        guard let currency, !currency.isEmpty else { throw .missing("currency") }
        guard let available else { throw .missing("available") }
        guard let total else { throw .missing("total") }
        guard let time else { throw .missing("time") }
        let balance = Balance(currency: currency, available: available.decimal, total: total.decimal, hold: hold, timestamp: time)
        output.append(.event(symbol: nil, exchangeTime: time, payload: .balance(balance)))
    }
}
