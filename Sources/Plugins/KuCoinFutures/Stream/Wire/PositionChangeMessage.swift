import ExchangeKit
import Foundation
import KuCoinCore

/// `/contract/position:{symbol}` and `/contract/positionAll`, subject `position.change`
/// (PROTOCOL.md §9).
///
/// A full position (it has `currentQty`) becomes a ``Position``:
/// ```
/// {"symbol":"XBTUSDTM","currentQty":1,"avgEntryPrice":91694.5,"markPrice":91839.79,"unrealisedPnl":0.14529,
///  "realisedPnl":0.07210716,"leverage":4.9685590767,"liquidationPrice":73853.0426625,"marginMode":"ISOLATED",
///  "settleCurrency":"USDT","currentTimestamp":1731924561514,…}
/// ```
/// Required: `currentQty` (signed integer lots), `avgEntryPrice`, `currentTimestamp` (ms), and
/// `symbol` unless the topic names it. Optional: `markPrice`, `unrealisedPnl`, `realisedPnl`,
/// `leverage`, `liquidationPrice`, `marginMode` (`ISOLATED`/`CROSS`; else `crossMode`),
/// `settleCurrency`.
///
/// The partial update a mark-price move causes (no `currentQty`) becomes a ``PositionPatch``
/// for the runner to merge into the last full position:
/// ```
/// {"markPrice":7947.83,"markValue":0.00251640,"maintMargin":0.00252044,"realLeverage":10.06,
///  "unrealisedPnl":-0.00014735,…,"currentTimestamp":1558087175068,"settleCurrency":"XBT"}
/// ```
/// Required: `currentTimestamp`, and `symbol` unless the topic names it; the patch carries
/// whichever of `markPrice`, `unrealisedPnl`, `realisedPnl`, `leverage`, `liquidationPrice`
/// are present. `realLeverage` (the effective leverage, which moves with the mark price) is
/// not taken as ``PositionPatch/leverage``: the full position's `leverage` stays.
/// Samples `futures/ws/position.change.json`, `…positionAll.change.json`, `…position.change-markprice.json`.
enum PositionChangeMessage {
    static func message(_ data: inout JSONReader, topic: TopicSymbol, into output: inout [StreamMessage]) throws(WireError) {
        var symbol: JSONString?
        var quantity: Int64?
        var entryPrice: Decimal?
        var markPrice: Decimal?
        var unrealizedPnL: Decimal?
        var realizedPnL: Decimal?
        var leverage: Decimal?
        var liquidationPrice: Decimal?
        var marginMode: MarginMode?
        var crossMode: Bool?
        var settleCurrency: String?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("currentQty") { quantity = try data.int64("currentQty") }
            else if key.matches("avgEntryPrice") { entryPrice = try data.decimal("avgEntryPrice").decimal }
            else if key.matches("markPrice") { markPrice = try data.optionalDecimal("markPrice") }
            else if key.matches("unrealisedPnl") { unrealizedPnL = try data.optionalDecimal("unrealisedPnl") }
            else if key.matches("realisedPnl") { realizedPnL = try data.optionalDecimal("realisedPnl") }
            else if key.matches("leverage") { leverage = try data.optionalDecimal("leverage") }
            else if key.matches("liquidationPrice") { liquidationPrice = try data.optionalDecimal("liquidationPrice") }
            else if key.matches("marginMode") { marginMode = try readMarginMode(&data) }
            else if key.matches("crossMode") { crossMode = try data.null("crossMode") ? nil : data.bool("crossMode") }
            else if key.matches("settleCurrency") { settleCurrency = try data.optionalString("settleCurrency") }
            else if key.matches("currentTimestamp") { time = try data.milliseconds("currentTimestamp") }
            else if key.matches("symbol") { symbol = try data.stringBytes("symbol") }
            else { try data.skip() }
        }

        guard let time else { throw .missing("currentTimestamp") }
        if let markPrice, markPrice < 0 { throw .invalid("markPrice", "negative") }
        if let leverage, leverage < 0 { throw .invalid("leverage", "negative") }
        if let liquidationPrice, liquidationPrice < 0 { throw .invalid("liquidationPrice", "negative") }
        let name = try topic.resolve(symbol)

        guard let quantity else {
            let patch = PositionPatch(
                symbol: name, markPrice: markPrice, unrealizedPnL: unrealizedPnL, realizedPnL: realizedPnL,
                leverage: leverage, liquidationPrice: liquidationPrice, timestamp: time)
            output.append(.positionPatch(patch))
            return
        }
        guard let entryPrice else { throw .missing("avgEntryPrice") }
        guard entryPrice >= 0 else { throw .invalid("avgEntryPrice", "negative") }
        let mode = marginMode ?? crossMode.map { $0 ? .cross : .isolated }
        let position = Position(
            symbol: name, size: Decimal(quantity), entryPrice: entryPrice, markPrice: markPrice,
            unrealizedPnL: unrealizedPnL, realizedPnL: realizedPnL, leverage: leverage,
            liquidationPrice: liquidationPrice, marginMode: mode, settleCurrency: settleCurrency, timestamp: time)
        output.append(.event(symbol: name, exchangeTime: time, payload: .position(position)))
    }

    /// `ISOLATED` or `CROSS` (or null).
    private static func readMarginMode(_ data: inout JSONReader) throws(WireError) -> MarginMode? {
        if try data.null("marginMode") { return nil }
        let text = try data.stringBytes("marginMode")
        if text.matches("ISOLATED") { return .isolated }
        if text.matches("CROSS") { return .cross }
        throw .invalid("marginMode", "\"\(text)\" is neither \"ISOLATED\" nor \"CROSS\"")
    }
}
