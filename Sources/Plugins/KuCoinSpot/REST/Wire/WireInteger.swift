import ExchangeKit

/// A 64-bit integer sent as a JSON number or as a string of digits (KuCoin Spot's sequences and
/// ns times, e.g. `"11067996711960577"`): read from the text, never through `Double`.
struct WireInteger: Decodable, Sendable, Hashable {
    let value: Int64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let value = Int64(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text.prefix(32))\" is not a 64-bit integer")
            }
            self.value = value
        } else {
            value = try container.decode(Int64.self)
        }
    }
}
