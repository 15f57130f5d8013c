import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinCore
import KuCoinFutures
import Synchronization
import Testing

/// The venue side of KuCoin's WebSocket protocol: welcome, ack every subscribe, pong every ping.
func kucoinScript(_ connection: ScriptedWebSocketConnection, welcome: Bool = true) async {
    do {
        if welcome { try await connection.send(text: #"{"id":"\#(connection.request.queryValue("connectId") ?? "")","type":"welcome"}"#) }
        while true {
            let text = try await connection.nextText(timeout: .seconds(120))
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let id = object["id"] as? String, let type = object["type"] as? String else { continue }
            if type == "ping" { try await connection.send(text: #"{"id":"\#(id)","type":"pong","timestamp":1731898619520000}"#) }
            if type == "subscribe" || type == "unsubscribe" { try await connection.send(text: #"{"id":"\#(id)","type":"ack"}"#) }
        }
    } catch {}
}

@Suite("KuCoin Futures streams against scripted servers", .timeLimit(.minutes(1)))
struct KuCoinFuturesStreamTests {
    /// Hands out bullets pointing at the scripted WebSocket server, a new token each time.
    final class Bullets: Sendable {
        let tokens = Mutex<[String]>([])
        func install(on http: ScriptedHTTPServer, ws: String, pingInterval: Int = 200) {
            for path in ["/api/v1/bullet-public", "/api/v1/bullet-private"] {
                http.route("POST", path) { request in
                    let token = self.tokens.withLock { tokens -> String in
                        tokens.append("token-\(tokens.count + 1)")
                        return tokens.last!
                    }
                    return .json(#"{"code":"200000","data":{"token":"\#(token)","instanceServers":[{"endpoint":"\#(ws)/","encrypt":false,"protocol":"websocket","pingInterval":\#(pingInterval),"pingTimeout":1000}]}}"#)
                }
            }
        }
    }

    @Test("bullet → dial → welcome → subscribe → ack → data → reconnect with a new token")
    func fullFlow() async throws {
        try await withScriptedHTTPServer { http in
            try await withScriptedWebSocketServer { ws in
                let bullets = Bullets()
                bullets.install(on: http, ws: ws.url)
                ws.onConnection { await kucoinScript($0) }
                let futures = try KC.futures(http)
                var configuration = FeedConfiguration()
                configuration.reconnect = ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100))
                let feed = FeedStream(venue: futures.streamVenue, subscriptions: [.trades("XBTUSDTM"), .orders()], configuration: configuration)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await feed.run() }
                    var events = feed.events.makeAsyncIterator()
                    func next(_ kind: String) async throws -> StreamEvent {
                        while let event = try await events.next() { if event.payload.kind == kind { return event } }
                        throw CancellationError()
                    }
                    // One public and one private connection: the private one used bullet-private, signed.
                    let connections = try await ws.waitForConnections(2)
                    var found: ScriptedWebSocketConnection?
                    for connection in connections where try await connection.waitForText(count: 1)[0].contains("execution") {
                        found = connection
                    }
                    let publicConnection = try #require(found)
                    let subscribe = try JSONSerialization.jsonObject(with: Data(try await publicConnection.waitForText(count: 1)[0].utf8)) as! [String: Any]
                    #expect(subscribe["type"] as? String == "subscribe" && subscribe["topic"] as? String == "/contractMarket/execution:XBTUSDTM")
                    #expect(subscribe["privateChannel"] as? Bool == false && subscribe["response"] as? Bool == true && subscribe["id"] is String)
                    #expect(publicConnection.request.queryValue("connectId")?.isEmpty == false)
                    let privateBullet = try #require(http.requests(path: "/api/v1/bullet-private").first)
                    #expect(KC.isSigned(privateBullet))
                    #expect(http.requests(path: "/api/v1/bullet-public").first?.header("KC-API-SIGN") == nil)

                    _ = try await next("subscribed")
                    try await publicConnection.send(text: try Fixture.text("ws/execution.json", in: .module))
                    let tradeEvent = try await next("trade")
                    guard case .trade(let trade) = tradeEvent.payload else { return }
                    #expect(trade.price == dec("90503.9") && trade.size == 2 && trade.side == .buy && trade.tradeID == "1794100537695")
                    #expect(tradeEvent.epoch == 1 && tradeEvent.venue == "kucoin-futures")

                    // The heartbeat: KuCoin JSON pings at the bullet's interval.
                    let pings = try await publicConnection.waitForText { $0.contains(#""type":"ping""#) }
                    #expect(pings.contains { $0.contains(#""type":"ping""#) })

                    publicConnection.abort()
                    let third = try await ws.waitForConnections(3)[2]
                    let resubscribe = try await third.waitForText(count: 1)
                    #expect(resubscribe[0].contains("/contractMarket/execution:XBTUSDTM"))
                    let tokens = ws.dials.compactMap { $0.queryValue("token") }
                    #expect(Set(tokens).count == tokens.count, "every dial used a fresh token: \(tokens)")
                    group.cancelAll()
                }
            }
        }
    }
}
