import ExchangeKit

/// KuCoin's names of bar lengths (`1min` … `1week`), as candle topics and Spot's REST `type` spell them.
///
/// Futures knows 1, 5, 15, 30 minutes, 1, 2, 4, 8, 12 hours, 1 day and 1 week; Spot adds 3 minutes
/// and 6 hours. (Spot's `1month` is not a fixed length and is not offered.)
package enum KuCoinCandleType {
    /// Every name with its length in minutes, and whether Futures knows it too.
    @usableFromInline
    static let table: [(name: String, minutes: Int64, futures: Bool)] = [
        ("1min", 1, true), ("3min", 3, false), ("5min", 5, true), ("15min", 15, true), ("30min", 30, true),
        ("1hour", 60, true), ("2hour", 120, true), ("4hour", 240, true), ("6hour", 360, false), ("8hour", 480, true),
        ("12hour", 720, true), ("1day", 1440, true), ("1week", 10080, true),
    ]

    /// The name of a bar length, or nil when the product has no such bars.
    package static func name(for interval: Duration, product: KuCoinProduct) -> String? {
        let nanoseconds = interval.nanoseconds
        guard nanoseconds > 0, nanoseconds % 60_000_000_000 == 0 else { return nil }
        let minutes = nanoseconds / 60_000_000_000
        return table.first { $0.minutes == minutes && (product == .spot || $0.futures) }?.name
    }

    /// The bar length a name stands for, or nil for a name the product does not use.
    package static func interval(_ name: UnsafeRawBufferPointer, product: KuCoinProduct) -> Duration? {
        for entry in table where (product == .spot || entry.futures) && name.elementsEqual(entry.name.utf8) {
            return .seconds(entry.minutes * 60)
        }
        return nil
    }

    /// `SYMBOL_type` (a candle topic's suffix) → the symbol and the bar length.
    /// - Throws: ``WireError`` when there is no `_type` or the type is unknown.
    package static func split(_ suffix: UnsafeRawBufferPointer, product: KuCoinProduct) throws(WireError) -> (TopicSymbol, Duration) {
        guard let underscore = suffix.lastIndex(of: UInt8(ascii: "_")), underscore > 0 else {
            throw .invalid("topic", "no {symbol}_{type} in the candle topic")
        }
        let type = UnsafeRawBufferPointer(rebasing: suffix[(underscore + 1)...])
        guard let interval = interval(type, product: product) else {
            throw .invalid("topic", "unknown candle type \"\(String(decoding: type, as: UTF8.self))\"")
        }
        return (TopicSymbol(bytes: UnsafeRawBufferPointer(rebasing: suffix[..<underscore])), interval)
    }

    /// A candle topic's `candles` array: seven strings, the start in seconds and then six decimals
    /// (both products: open, close, high, low and two amounts whose meaning differs by product).
    /// Prices must be positive and amounts not negative.
    /// - Throws: ``WireError`` for another length or an impossible value.
    package static func readRow(_ data: inout JSONReader) throws(WireError) -> (start: Timestamp, values: [DecimalComponents]) {
        let tooShort = WireError.invalid("candles", "fewer than 7 elements")
        try data.array("candles")
        guard try data.element("candles") else { throw tooShort }
        let start = try data.seconds("candles")
        var values: [DecimalComponents] = []
        values.reserveCapacity(6)
        while try data.element("candles") {
            guard values.count < 6 else { throw .invalid("candles", "more than 7 elements") }
            values.append(try data.decimal("candles"))
        }
        guard values.count == 6 else { throw tooShort }
        for index in 0..<4 where !values[index].isPositive {
            throw .invalid("candles", "a price that is not positive")
        }
        guard !values[4].isNegative, !values[5].isNegative else { throw .invalid("candles", "a negative amount") }
        return (start, values)
    }
}
