import ExchangeKit
import Foundation

/// A KuCoin WebSocket token and the servers it is valid for, from `POST /api/v1/bullet-public`
/// or `/api/v1/bullet-private` on the product's own host.
///
/// ```json
/// {"code":"200000","data":{"token":"…","instanceServers":[{"endpoint":"wss://ws-api-futures.kucoin.com/",
///  "encrypt":true,"protocol":"websocket","pingInterval":18000,"pingTimeout":10000}]}}
/// ```
/// https://www.kucoin.com/docs-new/websocket-api/base-info/get-public-token-futures
public struct KuCoinBullet: Decodable, Sendable {
    /// One server the token may be used on.
    public struct InstanceServer: Decodable, Sendable {
        public let endpoint: String
        public let encrypt: Bool?
        public let `protocol`: String?
        /// Milliseconds between client pings.
        public let pingInterval: Int64
        /// Milliseconds the server waits for a pong before it considers the socket dead.
        public let pingTimeout: Int64

        /// Creates a server entry.
        public init(endpoint: String, encrypt: Bool? = true, protocol: String? = "websocket", pingInterval: Int64, pingTimeout: Int64) {
            self.endpoint = endpoint
            self.encrypt = encrypt
            self.protocol = `protocol`
            self.pingInterval = pingInterval
            self.pingTimeout = pingTimeout
        }
    }

    public let token: String
    public let instanceServers: [InstanceServer]

    /// Creates a bullet.
    public init(token: String, instanceServers: [InstanceServer]) {
        self.token = token
        self.instanceServers = instanceServers
    }

    /// The request for a token.
    public static func request(private isPrivate: Bool, product: KuCoinProduct) -> RestRequest {
        RestRequest(.POST, isPrivate ? "/api/v1/bullet-private" : "/api/v1/bullet-public",
                    endpoint: Endpoint(isPrivate ? "bulletPrivate" : "bulletPublic",
                                       costs: [RateLimitCost(isPrivate ? (product == .spot ? KuCoinPool.spot : KuCoinPool.futures) : KuCoinPool.public, weight: 10)],
                                       isAuthenticated: isPrivate, idempotency: .idempotent))
    }

    /// Fetches a fresh token (call on every dial: tokens are never reused across reconnects).
    /// - Throws: ``ExchangeError``.
    public static func fetch(private isPrivate: Bool, product: KuCoinProduct, using client: RestClient) async throws -> KuCoinBullet {
        try await client.kucoinData(request(private: isPrivate, product: product), as: KuCoinBullet.self)
    }

    /// Fetches a fresh token and returns where to connect with it (see ``endpoint(connectID:handshakeTimeout:venue:)``).
    /// - Parameter override: a fixed WebSocket URL (Plugins.yaml `ws_url`) used instead of the bullet's
    ///   instance server, keeping the server's heartbeat; the token still comes from the bullet.
    /// - Throws: ``ExchangeError``.
    public static func endpoint(private isPrivate: Bool, product: KuCoinProduct, using client: RestClient,
                                override: String? = nil, venue: VenueID? = nil) async throws -> StreamEndpoint {
        var bullet = try await fetch(private: isPrivate, product: product, using: client)
        if let override, let first = bullet.instanceServers.first {
            bullet = KuCoinBullet(token: bullet.token, instanceServers: [
                .init(endpoint: override, encrypt: first.encrypt, protocol: first.protocol,
                      pingInterval: first.pingInterval, pingTimeout: first.pingTimeout),
            ])
        }
        return try bullet.endpoint(venue: venue)
    }

    /// Where to connect: a random instance server, the token and a fresh `connectId`; the
    /// heartbeat from the server's `pingInterval` and `pingTimeout`; KuCoin's `welcome` handshake.
    /// - Throws: ``ExchangeError`` (`.decoding`) when the bullet lists no server.
    public func endpoint(connectID: String = UUID().uuidString, handshakeTimeout: Duration = .seconds(10), venue: VenueID? = nil) throws -> StreamEndpoint {
        guard let server = instanceServers.randomElement() else {
            throw ExchangeError.decoding("KuCoin bullet lists no instance server", input: Array(token.prefix(0).utf8), venue: venue)
        }
        var base = server.endpoint
        while base.hasSuffix("/") { base.removeLast() }
        let url = "\(base)/?token=\(QueryItem.percentEncode(token))&connectId=\(QueryItem.percentEncode(connectID))"
        let interval = Duration.milliseconds(max(server.pingInterval, 1000))
        // Silence means death once a ping went unanswered for the server's own ping timeout.
        let heartbeat = Heartbeat(interval: interval, timeout: interval + .milliseconds(max(server.pingTimeout, 1000)))
        return StreamEndpoint(url: url, handshake: .welcome(timeout: handshakeTimeout), heartbeat: heartbeat,
                              maximumLifetime: .seconds(23 * 3600))
    }
}
