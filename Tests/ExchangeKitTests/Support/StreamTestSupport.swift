import ExchangeKit
import ExchangeKitTesting
import Foundation
import Synchronization

/// The venue side of ``TestStreamVenue``'s protocol, run as a scripted connection.
struct VenueScript: Sendable {
    var welcome = true
    var answerPings = true
    /// Whether to acknowledge a subscribe to `topic` (`true`), refuse it with an error frame (`false`), or stay silent (`nil`).
    var answer: @Sendable (_ topic: String) -> Bool? = { _ in true }

    func run(_ connection: ScriptedWebSocketConnection) async {
        do {
            if welcome { try await connection.send(text: #"{"id":"c1","type":"welcome"}"#) }
            while true {
                let text = try await connection.nextText(timeout: .seconds(120))
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                      let type = object["type"] as? String, let id = object["id"] as? String else { continue }
                switch type {
                case "ping" where answerPings:
                    try await connection.send(text: #"{"id":"\#(id)","type":"pong"}"#)
                case "subscribe", "unsubscribe":
                    switch answer(object["topic"] as? String ?? "") {
                    case true?: try await connection.send(text: #"{"id":"\#(id)","type":"ack"}"#)
                    case false?: try await connection.send(text: #"{"id":"\#(id)","type":"error","code":404,"data":"topic does not exist"}"#)
                    case nil: continue
                    }
                default:
                    continue
                }
            }
        } catch {
            // The connection closed or the test ended: the script is done.
        }
    }
}

/// Fast timings for loopback tests.
let testFeedConfiguration = FeedConfiguration.loopbackTesting

/// The two servers a stream test needs: HTTP for tokens and snapshots, WebSocket for the feed.
func withStreamServers<T>(_ body: (ScriptedHTTPServer, ScriptedWebSocketServer, TokenIssuer) async throws -> T) async throws -> T {
    try await withScriptedHTTPServer { http in
        try await withScriptedWebSocketServer { ws in
            let issuer = TokenIssuer()
            issuer.install(on: http, webSocketURL: ws.url)
            return try await body(http, ws, issuer)
        }
    }
}

func trade(_ symbol: String, id: String, price: String = "100") -> String {
    #"{"type":"message","topic":"/trades:\#(symbol)","subject":"match","data":{"price":"\#(price)","tradeId":"\#(id)"}}"#
}

func bookDelta(_ symbol: String, _ sequence: Int64, _ change: String) -> String {
    #"{"type":"message","topic":"/book:\#(symbol)","subject":"level2","data":{"sequence":\#(sequence),"change":"\#(change)"}}"#
}

