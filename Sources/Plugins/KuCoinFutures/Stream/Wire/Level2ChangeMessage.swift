import ExchangeKit
import Foundation
import KuCoinCore

/// `/contractMarket/level2:{symbol}`, subject `level2`: one price level's new size (PROTOCOL.md §9, §11).
///
/// ```
/// {"sequence":1709400450243,"change":"90631.2,sell,2","timestamp":1731897467182}
/// ```
/// `change` is `"price,side,size"`: `sell` is an ask, `buy` a bid; size is the level's new
/// absolute size in lots (0 removes it). Price and size are plain decimals (`90631.2`,
/// `2`; no sign, exponent or spaces), price > 0. Required: `sequence`, `change`, `timestamp` (ms).
/// The symbol is the topic's.
/// Sample `futures/ws/level2.json`.
enum Level2ChangeMessage {
    static func message(_ data: inout JSONReader, symbol: String, into output: inout [StreamMessage]) throws(WireError) {
        var sequence: Int64?
        var change: BookChange?
        var time: Timestamp?

        try data.object()
        while let key = try data.key() {
            if key.matches("change") {
                change = try parse(data.stringBytes("change"))
            } else if key.matches("sequence") {
                sequence = try data.int64("sequence")
            } else if key.matches("timestamp") {
                time = try data.milliseconds("timestamp")
            } else {
                try data.skip()
            }
        }

        guard let sequence else { throw .missing("sequence") }
        guard let change else { throw .missing("change") }
        guard let time else { throw .missing("timestamp") }
        output.append(.bookDelta(BookDelta(symbol: symbol, sequence: .single(sequence), changes: [change], timestamp: time)))
    }

    /// `"price,side,size"` → one change.
    static func parse(_ text: JSONString) throws(WireError) -> BookChange {
        guard !text.hasEscapes else { throw .invalid("change", "escapes in \"\(text)\"") }
        let bytes = text.rawBytes
        guard let firstComma = bytes.firstIndex(of: UInt8(ascii: ",")),
              let secondComma = bytes[(firstComma + 1)...].firstIndex(of: UInt8(ascii: ",")),
              !bytes[(secondComma + 1)...].contains(UInt8(ascii: ","))
        else { throw .invalid("change", "\"\(text)\" is not \"price,side,size\"") }
        let priceText = UnsafeRawBufferPointer(rebasing: bytes[..<firstComma])
        let sideText = UnsafeRawBufferPointer(rebasing: bytes[(firstComma + 1)..<secondComma])
        let sizeText = UnsafeRawBufferPointer(rebasing: bytes[(secondComma + 1)...])

        let side: BookSide
        if sideText.elementsEqual("sell".utf8) {
            side = .ask
        } else if sideText.elementsEqual("buy".utf8) {
            side = .bid
        } else {
            throw .invalid("change", "\"\(text)\": the side is neither \"buy\" nor \"sell\"")
        }
        guard isPlainDecimal(priceText), isPlainDecimal(sizeText),
              let price = try? DecimalParser.components(priceText),
              let size = try? DecimalParser.components(sizeText)
        else { throw .invalid("change", "\"\(text)\": price or size is not a plain decimal") }
        guard price.isPositive else { throw .invalid("change", "\"\(text)\": the price is not positive") }
        guard let change = BookChange(side: side, price: price, size: size) else {
            throw .invalid("change", "\"\(text)\": the price has more than \(PriceKey.scale) decimals or is too large")
        }
        return change
    }

    /// `digits` or `digits.digits`, without a leading zero before more digits.
    @inline(__always)
    static func isPlainDecimal(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let count = bytes.count
        var integerDigits = 0
        while i < count, bytes[i] &- UInt8(ascii: "0") < 10 {
            i += 1
            integerDigits += 1
        }
        guard integerDigits > 0, integerDigits == 1 || bytes[0] != UInt8(ascii: "0") else { return false }
        guard i < count else { return true }
        guard bytes[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let fractionStart = i
        while i < count, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        return i > fractionStart && i == count
    }
}
