import ExchangeKit

/// Provisional: control frames only (replaced by the full decoder).
public enum KuCoinFuturesDecoder {
    public static func decode(_ frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        var reader = JSONReader(frame)
        do {
            try reader.beginObject()
            var type = ""
            var id: String?
            while let key = try reader.nextKey() {
                if key.equals("type") { type = try reader.readString() } else if key.equals("id") { id = try reader.readString() } else { try reader.skipValue() }
            }
            switch type {
            case "welcome": output.append(.welcome)
            case "pong": output.append(.pong)
            case "ack": output.append(.ack(id: id ?? ""))
            default: output.append(.event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: type, subject: nil)))
            }
        } catch {
            output.append(.event(symbol: nil, exchangeTime: nil, payload: .decodeFailure(error: "\(error)", excerpt: ExchangeError.excerpt(of: frame))))
        }
    }
}
