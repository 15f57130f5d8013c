import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinSpot
import Synchronization
import Testing

/// A scripted KuCoin Spot: bullets from the REST server pointing at the WebSocket server (a new
/// token per call), and on every connection a welcome, an ack per (un)subscribe and a pong per ping.
final class ScriptedSpotVenue: Sendable {
    let tokens = Mutex<[String]>([])

    init(http: ScriptedHTTPServer, ws: ScriptedWebSocketServer, pingInterval: Int = 200) {
        for (path, prefix) in [("/api/v1/bullet-public", "public"), ("/api/v1/bullet-private", "private")] {
            http.route("POST", path) { _ in
                let token = self.tokens.withLock { tokens -> String in
                    tokens.append("\(prefix)-\(tokens.count + 1)")
                    return tokens.last!
                }
                return .json(#"{"code":"200000","data":{"token":"\#(token)","instanceServers":[{"endpoint":"\#(ws.url)/","encrypt":false,"protocol":"websocket","pingInterval":\#(pingInterval),"pingTimeout":1000}]}}"#)
            }
        }
        ws.onConnection { connection in
            let connectID = connection.request.queryValue("connectId") ?? ""
            try await connection.send(text: #"{"id":"\#(connectID)","type":"welcome"}"#)
            while true {
                let text = try await connection.nextText(timeout: .seconds(120))
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                      let id = object["id"] as? String, let type = object["type"] as? String else { continue }
                let answer = type == "ping" ? "pong" : "ack"
                try await connection.send(text: #"{"id":"\#(id)","type":"\#(answer)"}"#)
            }
        }
    }
}

/// Collects a feed's events and waits for conditions on them.
struct EventReader {
    var events: FeedStream.Events.Iterator
    var seen: [StreamEvent] = []

    /// Reads until an event satisfies `condition`, returning it; every event read is kept in ``seen``.
    mutating func until(_ condition: (StreamEvent) -> Bool) async throws -> StreamEvent {
        while let event = try await events.next() {
            seen.append(event)
            if condition(event) { return event }
        }
        throw CancellationError()
    }

    mutating func next(_ kind: String) async throws -> StreamEvent { try await until { $0.payload.kind == kind } }
}

@Suite("KuCoin Spot streams against scripted servers", .timeLimit(.minutes(1)))
struct SpotStreamTests {
    static func configuration() -> FeedConfiguration {
        var configuration = FeedConfiguration()
        configuration.reconnect = ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100))
        configuration.snapshotRetryDelay = .milliseconds(20)
        return configuration
    }

    @Test("bullet → dial → welcome → subscribe → ack → trades and orders → reconnect with a new token and resubscription")
    func fullFlow() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                _ = ScriptedSpotVenue(http: http, ws: ws)
                let spot = try SpotTest.spot(http)
                let feed = FeedStream(venue: spot.streamVenue, subscriptions: [.trades("BTC-USDT"), .orders()], configuration: Self.configuration())
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await feed.run() }
                    var reader = EventReader(events: feed.events.makeAsyncIterator())
                    // A public and a private connection, each subscribing to its topic.
                    let connections = try await ws.waitForConnections(2)
                    var subscribes: [String: (ScriptedWebSocketConnection, [String: Any])] = [:]
                    for connection in connections {
                        let text = try await connection.waitForText(count: 1)[0]
                        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                        subscribes[object["topic"] as? String ?? ""] = (connection, object)
                    }
                    let (publicConnection, publicSubscribe) = try #require(subscribes["/market/match:BTC-USDT"])
                    let (privateConnection, privateSubscribe) = try #require(subscribes["/spotMarket/tradeOrdersV2"])
                    #expect(publicSubscribe["type"] as? String == "subscribe" && publicSubscribe["privateChannel"] as? Bool == false)
                    #expect(privateSubscribe["privateChannel"] as? Bool == true && privateSubscribe["response"] as? Bool == true)
                    #expect(privateConnection.request.queryValue("token")?.hasPrefix("private-") == true)
                    #expect(SpotTest.isSigned(try #require(http.requests(path: "/api/v1/bullet-private").first)))
                    #expect(http.requests(path: "/api/v1/bullet-public").first?.header("KC-API-SIGN") == nil)

                    _ = try await reader.until { if case .subscribed = $0.payload { true } else { false } }
                    try await publicConnection.send(text: String(decoding: try SpotTest.ws("match"), as: UTF8.self))
                    let tradeEvent = try await reader.next("trade")
                    guard case .trade(let trade) = tradeEvent.payload else { return }
                    #expect(trade.price == 67523 && trade.size == exact("0.003") && trade.tradeID == "11067996711960577")
                    #expect(tradeEvent.venue == "kucoin-spot" && tradeEvent.symbol == "BTC-USDT" && tradeEvent.epoch == 1)

                    try await privateConnection.send(text: String(decoding: try SpotTest.ws("tradeOrdersV2.open"), as: UTF8.self))
                    guard case .order(let update) = try await reader.next("order").payload else { return }
                    #expect(update.order.orderID == "6720ecd9ec71f4000747731a" && update.order.status == .open)

                    // KuCoin JSON pings at the bullet's interval.
                    _ = try await publicConnection.waitForText { $0.contains(#""type":"ping""#) }

                    publicConnection.abort()
                    _ = try await reader.next("reconnected")
                    let third = try await ws.waitForConnections(3)[2]
                    #expect(try await third.waitForText(count: 1)[0].contains("/market/match:BTC-USDT"))
                    let tokens = ws.dials.compactMap { $0.queryValue("token") }
                    #expect(Set(tokens).count == tokens.count && tokens.count == 3, "every dial used a fresh token: \(tokens)")
                    try await third.send(text: String(decoding: try SpotTest.ws("match"), as: UTF8.self))
                    #expect(try await reader.next("trade").epoch == 2)
                    group.cancelAll()
                }
            }
        }
    }
}
