import ExchangeKitTesting
import Foundation

/// The venue side of KuCoin's WebSocket protocol on a scripted connection: the welcome (unless
/// `welcome` is false), an ack for every subscribe and unsubscribe, a pong for every ping, and
/// `frames(topic)` after each subscribed topic (`pauseAfterAck` after its ack). Returns when the connection closes.
public func kucoinServer(
    _ connection: ScriptedWebSocketConnection, welcome: Bool = true, pauseAfterAck: Duration? = nil,
    frames: @escaping @Sendable (String) -> [String] = { _ in [] }
) async {
    do {
        if welcome { try await connection.send(text: KuCoinControl.welcome(connection)) }
        while true {
            let text = try await connection.nextText(timeout: .seconds(120))
            guard let message = KuCoinControl.interpret(text), let id = message.id else { continue }
            switch message.kind {
            case .ping:
                try await connection.send(text: KuCoinControl.pong(id: id))
            case .subscribe:
                try await connection.send(text: KuCoinControl.ack(id: id))
                if let pauseAfterAck { try await Task.sleep(for: pauseAfterAck) }
                for topic in message.topics {
                    for frame in frames(topic) { try await connection.send(text: frame) }
                }
            case .unsubscribe:
                try await connection.send(text: KuCoinControl.ack(id: id))
            }
        }
    } catch {
        // The connection closed or the test ended: the script is done.
    }
}

/// KuCoin's control frames, server side, and what the client's frames mean.
public enum KuCoinControl {
    /// `{"id":"<connectId>","type":"welcome"}`.
    public static func welcome(_ connection: ScriptedWebSocketConnection) -> String {
        #"{"id":"\#(connection.request.queryValue("connectId") ?? "")","type":"welcome"}"#
    }

    /// `{"id":"…","type":"ack"}`.
    public static func ack(id: String) -> String { #"{"id":"\#(id)","type":"ack"}"# }

    /// `{"id":"…","type":"pong","timestamp":…}`.
    public static func pong(id: String) -> String { #"{"id":"\#(id)","type":"pong","timestamp":1731898619520000}"# }

    /// A client's subscribe (topics comma-separated in one `topic`), unsubscribe or ping.
    public static func interpret(_ text: String) -> ClientMessage? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let type = object["type"] as? String else { return nil }
        let id = object["id"] as? String
        let topics = (object["topic"] as? String ?? "").split(separator: ",").map(String.init)
        switch type {
        case "subscribe": return ClientMessage(.subscribe, id: id, topics: topics)
        case "unsubscribe": return ClientMessage(.unsubscribe, id: id, topics: topics)
        case "ping": return ClientMessage(.ping, id: id)
        default: return nil
        }
    }
}
