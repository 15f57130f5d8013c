import ExchangeKit
import Foundation

/// Client order ids as KuCoin accepts them: at most 40 characters of `[A-Za-z0-9_-]`.
package enum KuCoinClientOrderID {
    /// A fresh id (32 lower-case hex digits), so an uncertain placement can always be looked up.
    package static func generate() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// Checks an id before anything is sent.
    /// - Throws: ``ExchangeError`` (`.invalidRequest`) for an id KuCoin would refuse.
    package static func validate(_ id: String, venue: VenueID) throws(ExchangeError) {
        guard id.count <= 40, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw ExchangeError.invalidRequest("client order id must be at most 40 characters of letters, digits, '_' and '-'", venue: venue)
        }
    }
}
