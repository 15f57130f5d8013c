import ExchangeKit

/// The client's side of KuCoin's classic WebSocket protocol (PROTOCOL.md §8).
///
/// `{"id":"…","type":"subscribe","topic":"/contractMarket/execution:XBTUSDTM","privateChannel":false,"response":true}`,
/// the same with `"type":"unsubscribe"`, and `{"id":"…","type":"ping"}`.
public enum KuCoinStreamProtocol {
    /// KuCoin's limits: 100 client messages per 10 s per connection (pings count), 100 topics per
    /// message. Connections here hold at most 100 topics (KuCoin's own figures disagree; stay well below).
    public static let limits = StreamLimits(subscriptionsPerConnection: 100, outboundMessages: 100,
                                            outboundWindow: .seconds(10), reservedForHeartbeat: 10)

    /// One subscribe or unsubscribe message per topic, each acknowledged by id; subscriptions that
    /// share a topic (mark price and funding rate) share its message.
    /// - Parameter topic: the topic of a subscription, or nil when the venue cannot serve it; such
    ///   subscriptions are in no message, and the runner reports them as failed.
    public static func requests(
        _ subscriptions: [Subscription], subscribe: Bool, ids: inout RequestIDs,
        topic: (Subscription) -> (topic: String, isPrivate: Bool)?
    ) -> [StreamRequest] {
        var order: [String] = []
        var grouped: [String: (isPrivate: Bool, subscriptions: [Subscription])] = [:]
        for subscription in subscriptions {
            guard let (name, isPrivate) = topic(subscription) else { continue }
            if grouped[name] == nil { order.append(name) }
            grouped[name, default: (isPrivate, [])].subscriptions.append(subscription)
        }
        return order.map { name in
            let id = ids.next()
            let (isPrivate, covered) = grouped[name]!
            let text = #"{"id":"\#(id)","type":"\#(subscribe ? "subscribe" : "unsubscribe")","topic":"\#(escape(name))","privateChannel":\#(isPrivate),"response":true}"#
            return StreamRequest(id: id, text: text, subscriptions: covered)
        }
    }

    /// The ping message.
    public static func ping(id: String) -> String { #"{"id":"\#(id)","type":"ping"}"# }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
