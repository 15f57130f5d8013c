import ExchangeKit

/// Why a Binance frame could not be decoded: malformed JSON, a missing field, or an impossible value.
struct BinanceWireError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }

    /// A JSON error at a field.
    init(_ error: JSONReaderError, field: StaticString) { description = "\"\(field)\": \(error)" }

    /// A required field is absent.
    static func missing(_ field: StaticString, in event: String) -> BinanceWireError { BinanceWireError("\(event): missing \"\(field)\"") }
}

/// Field reads that name the field in their errors.
extension JSONReader {
    mutating func decimalField(_ field: StaticString) throws(BinanceWireError) -> DecimalComponents {
        do { return try readDecimalComponents() } catch { throw BinanceWireError(error, field: field) }
    }

    mutating func integerField(_ field: StaticString) throws(BinanceWireError) -> Int64 {
        do { return try readInt64() } catch { throw BinanceWireError(error, field: field) }
    }

    mutating func textField(_ field: StaticString) throws(BinanceWireError) -> String {
        do { return try readString() } catch { throw BinanceWireError(error, field: field) }
    }

    mutating func flagField(_ field: StaticString) throws(BinanceWireError) -> Bool {
        do { return try readBool() } catch { throw BinanceWireError(error, field: field) }
    }

    mutating func millisecondsField(_ field: StaticString) throws(BinanceWireError) -> Timestamp {
        let value = try integerField(field)
        guard value.magnitude <= UInt64(Int64.max / 1_000_000) else { throw BinanceWireError("\"\(field)\": \(value) ms is out of range") }
        return Timestamp(milliseconds: value)
    }

    /// The next key of the current object, or nil at its end.
    mutating func fieldKey() throws(BinanceWireError) -> JSONKey? {
        do { return try nextKey() } catch { throw BinanceWireError(error.description) }
    }

    mutating func skipField() throws(BinanceWireError) {
        do { try skipValue() } catch { throw BinanceWireError(error.description) }
    }

    mutating func openObject(_ field: StaticString) throws(BinanceWireError) {
        do { try beginObject() } catch { throw BinanceWireError(error, field: field) }
    }

    mutating func openArray(_ field: StaticString) throws(BinanceWireError) {
        do { try beginArray() } catch { throw BinanceWireError(error, field: field) }
    }

    mutating func moreElements(_ field: StaticString) throws(BinanceWireError) -> Bool {
        do { return try nextElement() } catch { throw BinanceWireError(error, field: field) }
    }

    /// `BUY` or `SELL`.
    mutating func sideField(_ field: StaticString) throws(BinanceWireError) -> Side {
        let text = try textField(field)
        switch text {
        case "BUY": return .buy
        case "SELL": return .sell
        default: throw BinanceWireError("\"\(field)\": \"\(text)\" is neither BUY nor SELL")
        }
    }

    /// `[["price","qty"],…]` as book changes of one side.
    mutating func levelsField(_ field: StaticString, side: BookSide, into changes: inout [BookChange]) throws(BinanceWireError) {
        try openArray(field)
        while try moreElements(field) {
            try openArray(field)
            guard try moreElements(field) else { throw BinanceWireError("\"\(field)\": an empty level") }
            let price = try decimalField(field)
            guard try moreElements(field) else { throw BinanceWireError("\"\(field)\": a level without a quantity") }
            let size = try decimalField(field)
            guard !size.isNegative else { throw BinanceWireError("\"\(field)\": negative quantity") }
            while try moreElements(field) { try skipField() }
            guard let change = BookChange(side: side, price: price, size: size) else {
                throw BinanceWireError("\"\(field)\": price \(price.decimal) out of the book's range")
            }
            changes.append(change)
        }
    }
}
