import ExchangeKit
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// KuCoin Futures' and KuCoin Spot's REST endpoints, served from the simulator's state on one port
/// (their paths differ; the bullet and server-time routes serve both).
struct SimulatorRoutes: Sendable {
    let exchange: SimExchange
    let authenticator: SimAuthenticator
    /// Where bullets send clients to dial (`ws://127.0.0.1:PORT/`); set once the server listens.
    let webSocketEndpoint: @Sendable () -> String

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/bullet-public") { request, _ in
            try await reply(request, pool: "Public", weight: 10) { _ in
                .ok(KuCoinWire.bullet(token: exchange.issueToken(isPrivate: false), endpoint: webSocketEndpoint(),
                                      pingInterval: exchange.configuration.pingInterval, pingTimeout: exchange.configuration.pingTimeout))
            }
        }
        router.post("/api/v1/bullet-private") { request, _ in
            try await reply(request, pool: "Futures", weight: 10, signed: true) { _ in
                .ok(KuCoinWire.bullet(token: exchange.issueToken(isPrivate: true), endpoint: webSocketEndpoint(),
                                      pingInterval: exchange.configuration.pingInterval, pingTimeout: exchange.configuration.pingTimeout))
            }
        }
        router.get("/api/v1/timestamp") { request, _ in
            try await reply(request, pool: nil, weight: 0) { _ in .ok(String(Timestamp.now().milliseconds)) }
        }
        router.get("/api/v1/contracts/active") { request, _ in
            try await reply(request, pool: "Public", weight: 3) { _ in
                .ok("[" + exchange.withMarkets { $0.map { KuCoinWire.contract($0.contract, market: $0) } }.joined(separator: ",") + "]")
            }
        }
        router.get("/api/v1/contracts/:symbol") { request, context in
            let symbol = context.parameters.get("symbol") ?? ""
            return try await reply(request, pool: "Public", weight: 3) { _ in
                market(symbol) { KuCoinWire.contract($0.contract, market: $0) }
            }
        }
        router.get("/api/v1/ticker") { request, _ in
            try await reply(request, pool: "Public", weight: 2) { query in
                market(query["symbol"]) { KuCoinWire.ticker($0, time: Timestamp.now().nanoseconds) }
            }
        }
        router.get("/api/v1/allTickers") { request, _ in
            try await reply(request, pool: "Public", weight: 5) { _ in
                let time = Timestamp.now().nanoseconds
                return .ok("[" + exchange.withMarkets { $0.map { KuCoinWire.ticker($0, time: time) } }.joined(separator: ",") + "]")
            }
        }
        router.get("/api/v1/level2/snapshot") { request, _ in
            try await reply(request, pool: "Public", weight: 3) { query in
                market(query["symbol"]) { KuCoinWire.book($0, depth: nil, time: Timestamp.now().nanoseconds) }
            }
        }
        for depth in [20, 100] {
            router.get("/api/v1/level2/depth\(depth)") { request, _ in
                try await reply(request, pool: "Public", weight: 5) { query in
                    market(query["symbol"]) { KuCoinWire.book($0, depth: depth, time: Timestamp.now().nanoseconds) }
                }
            }
        }
        router.get("/api/v1/kline/query") { request, _ in
            try await reply(request, pool: "Public", weight: 3) { query in
                guard let granularity = query["granularity"].flatMap(Int64.init), [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 10080].contains(granularity) else {
                    return .failure("400100", "Invalid granularity", status: 200)
                }
                let now = Timestamp.now().milliseconds
                let from = query["from"].flatMap(Int64.init) ?? now - 500 * granularity * 60_000
                let to = query["to"].flatMap(Int64.init) ?? now
                return market(query["symbol"]) { KuCoinWire.candles($0, granularityMinutes: granularity, from: from, to: to) }
            }
        }
        router.get("/api/v1/mark-price/:symbol/current") { request, context in
            let symbol = context.parameters.get("symbol") ?? ""
            return try await reply(request, pool: "Public", weight: 3) { _ in
                market(symbol) { market in
                    let price = market.contract.price(market.mid)
                    return #"{"symbol":"\#(symbol)","granularity":1000,"timePoint":\#(Timestamp.now().milliseconds),"value":\#(price),"indexPrice":\#(price)}"#
                }
            }
        }
        registerTrading(on: router)
        registerSettings(on: router)
        registerSpot(on: router)
        registerSpotTrading(on: router)
        router.get("/admin/faults") { _, _ in
            response(Reply(body: exchange.faults.description, status: 200), headers: [.contentType: "text/plain"])
        }
        router.post("/admin/faults") { request, _ in
            var request = request
            let text = String(buffer: try await request.collectBody(upTo: 1 << 16))
            do {
                exchange.setFaults(try SimulatorFaults(parsing: text))
                return response(Reply(body: exchange.faults.description, status: 200), headers: [.contentType: "text/plain"])
            } catch {
                return response(Reply(body: "\(error)", status: 400), headers: [.contentType: "text/plain"])
            }
        }
    }

    // MARK: - Replies

    /// A reply's body and status.
    struct Reply {
        var body: String
        var status: Int

        static func ok(_ data: String) -> Reply { Reply(body: KuCoinWire.success(data), status: 200) }
        static func failure(_ code: String, _ message: String, status: Int) -> Reply { Reply(body: KuCoinWire.failure(code, message), status: status) }
    }

    /// The market of a symbol, or KuCoin's "invalid symbol" answer (HTTP 200, code 200003).
    func market(_ symbol: String?, _ body: (SimMarket) -> String) -> Reply {
        guard let symbol, let data = exchange.withMarket(symbol, body) else {
            return .failure("200003", "Invalid symbol.", status: 200)
        }
        return .ok(data)
    }

    /// Charges the pool, checks the signature when `signed`, and answers.
    func reply(_ request: Request, pool: String?, weight: Int, signed: Bool = false,
               _ handler: ([String: String]) throws -> Reply) async throws -> Response {
        try await reply(request, pool: pool, weight: weight, signed: signed) { query, _ in try handler(query) }
    }

    /// The same, handing the handler the body too.
    func reply(_ request: Request, pool: String?, weight: Int, signed: Bool = false,
               _ handler: ([String: String], [UInt8]) throws -> Reply) async throws -> Response {
        var request = request
        let body = signed ? Array(buffer: try await request.collectBody(upTo: 1 << 20)) : []
        var headers: HTTPFields = [.contentType: "application/json"]
        let fault = exchange.takeRESTFault()
        if let latency = fault.latency { try await Task.sleep(for: latency) }
        if fault.serverError { return response(.failure("500000", "Internal Server Error", status: 503), headers: headers) }
        if fault.rateLimited { return response(.failure("429000", "Too Many Requests", status: 429), headers: headers) }
        if let pool {
            let outcome = exchange.state.withLock { $0.pools.charge(pool, weight: weight) }
            headers[HTTPField.Name("gw-ratelimit-limit")!] = String(outcome.limit)
            headers[HTTPField.Name("gw-ratelimit-remaining")!] = String(outcome.remaining)
            headers[HTTPField.Name("gw-ratelimit-reset")!] = String(outcome.resetMilliseconds)
            guard outcome.allowed else { return response(.failure("429000", "Too Many Requests", status: 429), headers: headers) }
        }
        if signed {
            do {
                try authenticator.verify(method: request.method.rawValue, path: request.uri.path, query: request.uri.query, body: body,
                                         headers: request.headers, now: Timestamp.now())
            } catch {
                return response(.failure(error.code, error.message, status: error.status), headers: headers)
            }
        }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        return response(try handler(query, body), headers: headers)
    }

    func response(_ reply: Reply, headers: HTTPFields) -> Response {
        Response(status: HTTPResponse.Status(code: reply.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}
