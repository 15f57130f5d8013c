import ExchangeKit

/// Path parameters (`/api/v1/orders/{orderId}`) KuCoin signs as sent.
package enum KuCoinPath {
    /// A symbol or id safe to put in a path (letters, digits, `-`, `_`, `.`): nothing to encode,
    /// so the signed and the sent path are the same bytes.
    /// - Throws: ``ExchangeError`` (`.invalidRequest`) for anything else.
    package static func component(_ text: String) throws(ExchangeError) -> String {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw ExchangeError.invalidRequest("'\(text.prefix(64))' is not a valid symbol or id")
        }
        return text
    }
}
