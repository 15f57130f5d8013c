import ExchangeKit
import ExchangeKitTesting
import Foundation
import Synchronization

/// A small KuCoin-like stream venue for FeedStream tests.
///
/// Endpoint: `POST /bullet` on a scripted HTTP server answers `{"token":"…","endpoint":"ws://…"}`;
/// the socket says `{"type":"welcome"}`; subscribe is `{"id":…,"type":"subscribe","topic":"/trades:SYM","response":true}`
/// answered by `{"id":…,"type":"ack"}`; data is `{"type":"message","topic":"/trades:SYM","data":{…}}`;
/// `/book:SYM` carries `{"sequence":N,"change":"price,side,size"}` deltas; the snapshot is `GET /snapshot?symbol=`;
/// `/positions:SYM` carries a full position `{"qty":"3","mark":"101"}` or a mark-price patch `{"mark":"102"}`.
struct TestStreamVenue: StreamVenue {
    let id: VenueID = "test-stream"
    let rest: RestClient
    let limits: StreamLimits
    let heartbeat: Heartbeat
    let handshake: StreamEndpoint.Handshake
    let bookSequenceRule = BookSequenceRule.contiguous
    /// Whether the venue has a text ping of its own; without one the runner sends WebSocket pings.
    let textPing: Bool
    /// The keep-alive an endpoint carries, made for the token it was dialled with.
    var keepAlive: (@Sendable (_ token: String) -> StreamKeepAlive?)?
    /// How long the venue keeps a connection (none by default).
    var maximumLifetime: Duration?

    init(httpURL: String, limits: StreamLimits = StreamLimits(subscriptionsPerConnection: 50, outboundMessages: 100, outboundWindow: .seconds(10), reservedForHeartbeat: 5),
         heartbeat: Heartbeat = Heartbeat(interval: .milliseconds(200), timeout: .seconds(1)),
         handshake: StreamEndpoint.Handshake = .welcome(timeout: .seconds(2)), textPing: Bool = true) {
        rest = RestClient(venue: TestStreamREST(baseURL: httpURL))
        self.limits = limits
        self.heartbeat = heartbeat
        self.handshake = handshake
        self.textPing = textPing
    }

    func isPrivate(_ subscription: Subscription) -> Bool { subscription.channel == .orders }

    func endpoint(private: Bool) async throws -> StreamEndpoint {
        struct Bullet: Decodable { let token: String; let endpoint: String }
        let path = `private` ? "/bullet-private" : "/bullet"
        let bullet = try await rest.send(RestRequest(.POST, path, endpoint: Endpoint("bullet", idempotency: .idempotent)), as: Bullet.self)
        return StreamEndpoint(url: "\(bullet.endpoint)?token=\(bullet.token)", handshake: handshake, heartbeat: heartbeat,
                              maximumLifetime: maximumLifetime, keepAlive: keepAlive?(bullet.token))
    }

    static func topic(_ subscription: Subscription) -> String {
        switch subscription.channel {
        case .book: "/book:\(subscription.symbol ?? "")"
        case .orders: "/orders"
        default: "/\(subscription.channel.name):\(subscription.symbol ?? "")"
        }
    }

    func subscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        subscriptions.map { subscription in
            let id = ids.next()
            return StreamRequest(id: id, text: #"{"id":"\#(id)","type":"subscribe","topic":"\#(Self.topic(subscription))","response":true}"#,
                                 subscriptions: [subscription])
        }
    }

    func unsubscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        subscriptions.map { subscription in
            let id = ids.next()
            return StreamRequest(id: id, text: #"{"id":"\#(id)","type":"unsubscribe","topic":"\#(Self.topic(subscription))","response":true}"#,
                                 subscriptions: [subscription])
        }
    }

    func pingMessage(id: String) -> String? { textPing ? #"{"id":"\#(id)","type":"ping"}"# : nil }

    func decode(text frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(frame)) as? [String: Any], let type = object["type"] as? String else {
            output.append(.event(symbol: nil, exchangeTime: nil, payload: .decodeFailure(error: "not a JSON object with a type", excerpt: ExchangeError.excerpt(of: frame))))
            return
        }
        switch type {
        case "welcome": output.append(.welcome)
        case "pong": output.append(.pong)
        case "ack": output.append(.ack(id: object["id"] as? String ?? ""))
        case "error": output.append(.requestFailed(id: object["id"] as? String, code: (object["code"] as? Int).map(String.init), message: object["data"] as? String ?? ""))
        case "message":
            let topic = object["topic"] as? String ?? ""
            let data = object["data"] as? [String: Any] ?? [:]
            let symbol = topic.split(separator: ":").last.map(String.init)
            if topic.hasPrefix("/trades:"), let symbol, let price = data["price"] as? String, let id = data["tradeId"] as? String,
               let price = try? DecimalParser.parse(price) {
                output.append(.event(symbol: symbol, exchangeTime: nil, payload: .trade(Trade(symbol: symbol, price: price, size: 1, side: .buy, tradeID: id))))
            } else if topic.hasPrefix("/book:"), let symbol, let sequence = data["sequence"] as? Int64, let change = data["change"] as? String {
                let parts = change.split(separator: ",")
                guard parts.count == 3, let price = try? DecimalParser.parse(parts[0]), let size = try? DecimalParser.parse(parts[2]),
                      let level = BookChange(side: parts[1] == "buy" ? .bid : .ask, price: price, size: size) else {
                    output.append(.event(symbol: symbol, exchangeTime: nil, payload: .decodeFailure(error: "bad change", excerpt: change)))
                    return
                }
                output.append(.bookDelta(BookDelta(symbol: symbol, sequence: .single(sequence), changes: [level])))
            } else if topic.hasPrefix("/positions:"), let symbol, let mark = (data["mark"] as? String).flatMap({ try? DecimalParser.parse($0) }) {
                // `{"qty":"3","mark":"101"}` is a full position; without `qty`, a patch of the mark price.
                if let size = (data["qty"] as? String).flatMap({ try? DecimalParser.parse($0) }) {
                    output.append(.event(symbol: symbol, exchangeTime: nil,
                                         payload: .position(Position(symbol: symbol, size: size, entryPrice: 100, markPrice: mark))))
                } else {
                    output.append(.positionPatch(PositionPatch(symbol: symbol, markPrice: mark)))
                }
            } else {
                output.append(.event(symbol: symbol, exchangeTime: nil, payload: .unhandled(topic: topic, subject: object["subject"] as? String)))
            }
        default:
            output.append(.event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: type, subject: nil)))
        }
    }

    func bookSnapshot(symbol: String) async throws -> OrderBookSnapshot {
        struct Snapshot: Decodable { let sequence: Int64; let bids: [[Decimal]]; let asks: [[Decimal]] }
        let reply = try await rest.send(RestRequest(.GET, "/snapshot", query: [QueryItem("symbol", symbol)], endpoint: Endpoint("snapshot")), as: Snapshot.self)
        return OrderBookSnapshot(symbol: symbol, sequence: reply.sequence,
                                 bids: reply.bids.map { PriceLevel(price: $0[0], size: $0[1]) },
                                 asks: reply.asks.map { PriceLevel(price: $0[0], size: $0[1]) })
    }
}

/// The REST side of the test stream venue: plain JSON, no envelope.
struct TestStreamREST: RestVenue {
    let id: VenueID = "test-stream"
    let baseURL: String
    let signer: (any Signer)? = nil
    let rateLimitPools: [RateLimitPool] = []

    func validate(_ response: RestResponse, for request: RestRequest) throws(ExchangeError) -> RestResponse {
        guard response.status == 200 else {
            throw ExchangeError.api(code: "http\(response.status)", message: "HTTP \(response.status)", venue: id, httpStatus: response.status)
        }
        return response
    }
}

/// Scripts a scripted HTTP server as the venue's token and snapshot service: every bullet hands out a new token.
final class TokenIssuer: Sendable {
    private let issued = Mutex<[String]>([])

    var tokens: [String] { issued.withLock { $0 } }

    func install(on http: ScriptedHTTPServer, webSocketURL: String) {
        for path in ["/bullet", "/bullet-private"] {
            http.route("POST", path) { _ in
                let token = self.issued.withLock { tokens -> String in
                    tokens.append("t\(tokens.count + 1)")
                    return tokens[tokens.count - 1]
                }
                return .json(#"{"token":"\#(token)","endpoint":"\#(webSocketURL)/"}"#)
            }
        }
    }
}
