/// An id sent as a string in one endpoint and as an int64 number in another (trade ids of classic
/// and HF fills), kept as text.
struct WireID: Decodable, Sendable, Hashable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else {
            text = String(try container.decode(Int64.self))
        }
    }
}
