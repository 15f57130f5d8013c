import ExchangeKit
import Foundation

/// A decimal sent as a string or number that may also be `null` or `""` (KuCoin Spot's way of
/// saying "none", e.g. the prices of a pair that has not traded): those read as nil.
struct LenientDecimal: Decodable, Sendable {
    let value: Decimal?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = nil
        } else if let text = try? container.decode(String.self), text.isEmpty {
            value = nil
        } else {
            value = try container.decode(WireDecimal.self).value
        }
    }
}
