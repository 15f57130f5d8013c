import ExchangeKit
import Foundation

/// The `[[price, size], …]` rows of KuCoin's REST order books (numbers on Futures, strings on Spot).
package enum KuCoinBookLevels {
    /// The rows as levels, in the order sent.
    /// - Throws: ``ExchangeError`` (`.decoding`) for a row with fewer than two fields.
    package static func levels(_ rows: [[WireDecimal]]) throws(ExchangeError) -> [PriceLevel] {
        var result: [PriceLevel] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            guard row.count >= 2 else { throw ExchangeError.decoding("a book level has \(row.count) fields, expected 2", input: []) }
            result.append(PriceLevel(price: row[0].value, size: row[1].value))
        }
        return result
    }
}
