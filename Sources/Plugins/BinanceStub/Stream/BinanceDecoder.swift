import ExchangeKit
import Foundation

/// Decodes Binance USDⓈ-M WebSocket frames into stream messages: pure, no state.
///
/// | frame | output |
/// |---|---|
/// | `{"result":…,"id":N}` | `.ack(id:)` (N unpacked into the runner's id) |
/// | `{"error":{"code":2,"msg":"…"},"id":N}` | `.requestFailed(id:code:message:)` |
/// | `{"stream":"<name>","data":<payload>}` (combined) or a bare payload (raw) | the payload's messages |
/// | `[<payload>,…]` (`!markPrice@arr`) | each payload's messages |
/// | `aggTrade` | `.trade` |
/// | `bookTicker` | `.ticker` |
/// | `markPriceUpdate` | `.markPrice` and `.fundingRate` |
/// | `kline` | `.candle` |
/// | `24hrTicker`, `24hrMiniTicker` | `.candle` of 24 hours |
/// | `forceOrder` | `.trade` (the liquidation) |
/// | `depthUpdate` on `…@depth<N>…` | `.book` snapshot of depth N |
/// | `depthUpdate` otherwise | `.bookDelta` chained by `U`, `u`, `pu` |
/// | `ORDER_TRADE_UPDATE` | `.order` |
/// | `ACCOUNT_UPDATE` | `.balance` per asset, `.position` per row |
/// | `ACCOUNT_CONFIG_UPDATE` | `.positionPatch` (leverage) |
/// | `listenKeyExpired` | `.reconnect` (a new key is fetched on the redial) |
/// | `TRADE_LITE` | checked, then `.unhandled` on purpose (below) |
/// | any other event | `.unhandled` |
///
/// `TRADE_LITE` stays unhandled: Binance pushes it as a faster, shorter copy of a fill whose
/// `ORDER_TRADE_UPDATE` (execution type `TRADE`) also arrives with everything in it — fill price and
/// size, trade id, fee, status, cumulative size. Mapping both would report every fill twice to
/// anyone summing fills, and a fill event without fee or status would be a second, poorer shape
/// of the same fact.
///
/// Malformed JSON, a missing field or an impossible value is a `decodeFailure` with an excerpt.
public enum BinanceDecoder {
    /// Decodes one text frame, appending what it says to `output`.
    public static func decode(_ frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        var reader = JSONReader(frame)
        let start = output.count
        do {
            try frameBody(&reader, into: &output)
            do { try reader.finish() } catch { throw BinanceWireError(error.description) }
        } catch {
            output.removeSubrange(start...)
            output.append(.event(symbol: nil, exchangeTime: nil, payload: .decodeFailure(
                error: "Binance frame: \(String(describing: error))", excerpt: ExchangeError.excerpt(of: frame))))
        }
    }

    private static func frameBody(_ reader: inout JSONReader, into output: inout [StreamMessage]) throws(BinanceWireError) {
        let kind: JSONReader.ValueKind
        do { kind = try reader.peekKind() } catch { throw BinanceWireError(error.description) }
        if kind == .array {
            try reader.openArray("[]")
            while try reader.moreElements("[]") { try payload(&reader, stream: nil, into: &output) }
            return
        }
        // Look at the top-level keys first: a control reply, a combined envelope or a bare payload.
        var probe = reader
        var stream: JSONString?, id: UInt64?, hasResult = false, failure: (code: Int64?, message: String)?
        var data: JSONReader?
        try probe.openObject("frame")
        while let key = try probe.fieldKey() {
            if key == "stream" {
                do { stream = try probe.readStringBytes() } catch { throw BinanceWireError(error, field: "stream") }
            } else if key == "data" {
                data = probe
                try probe.skipField()
            } else if key == "id" {
                let value = try probe.integerField("id")
                id = value >= 0 ? UInt64(value) : nil
            } else if key == "result" {
                hasResult = true
                try probe.skipField()
            } else if key == "error" {
                failure = try errorBody(&probe)
            } else if key == "e" {
                // A bare payload: decode it from the start.
                try payload(&reader, stream: nil, into: &output)
                return
            } else {
                try probe.skipField()
            }
        }
        reader = probe
        if let failure {
            output.append(.requestFailed(id: id.map(BinanceRequestID.id(for:)), code: failure.code.map { String($0) }, message: failure.message))
        } else if hasResult, let id {
            output.append(.ack(id: BinanceRequestID.id(for: id)))
        } else if var data {
            try payload(&data, stream: stream, into: &output)
        } else {
            throw BinanceWireError("neither an event, a combined-stream envelope nor a reply")
        }
    }

    private static func errorBody(_ r: inout JSONReader) throws(BinanceWireError) -> (code: Int64?, message: String) {
        var code: Int64?, message = ""
        try r.openObject("error")
        while let key = try r.fieldKey() {
            if key == "code" { code = try r.integerField("code") }
            else if key == "msg" { message = try r.textField("msg") }
            else { try r.skipField() }
        }
        return (code, message)
    }

    /// One event object (or, for `!markPrice@arr` in a combined envelope, an array of them).
    private static func payload(_ reader: inout JSONReader, stream: JSONString?, into output: inout [StreamMessage]) throws(BinanceWireError) {
        let kind: JSONReader.ValueKind
        do { kind = try reader.peekKind() } catch { throw BinanceWireError(error.description) }
        if kind == .array {
            try reader.openArray("data")
            while try reader.moreElements("data") { try payload(&reader, stream: stream, into: &output) }
            return
        }
        var probe = reader
        try probe.openObject("data")
        var event: String?
        while let key = try probe.fieldKey() {
            if key == "e" {
                event = try probe.textField("e")
                break
            }
            try probe.skipField()
        }
        guard let event else { throw BinanceWireError("an event without \"e\"") }
        switch event {
        case "aggTrade": try MarketMessages.aggTrade(&reader, into: &output)
        case "bookTicker": try MarketMessages.bookTicker(&reader, into: &output)
        case "markPriceUpdate": try MarketMessages.markPrice(&reader, into: &output)
        case "kline": try MarketMessages.kline(&reader, into: &output)
        case "24hrTicker", "24hrMiniTicker": try MarketMessages.dayTicker(&reader, into: &output)
        case "forceOrder": try MarketMessages.forceOrder(&reader, into: &output)
        case "depthUpdate": try MarketMessages.depth(&reader, partialDepth: stream.flatMap(BinanceStreamName.partialDepth), into: &output)
        case "ORDER_TRADE_UPDATE": try UserMessages.orderTradeUpdate(&reader, into: &output)
        case "ACCOUNT_UPDATE": try UserMessages.accountUpdate(&reader, into: &output)
        case "ACCOUNT_CONFIG_UPDATE": try UserMessages.accountConfigUpdate(&reader, into: &output)
        case "TRADE_LITE": try UserMessages.tradeLite(&reader, into: &output)
        case "listenKeyExpired":
            try reader.skipField()
            output.append(.reconnect(reason: "listenKey expired; a new key is needed"))
        default:
            try reader.skipField()
            output.append(.event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: stream?.string ?? event, subject: event)))
        }
    }
}
