import AsyncHTTPClient
import ExchangeKit
import ExchangeKitTesting
import Foundation
import MetricsTestKit
import Testing

/// Answers like a venue that checks signatures and a ±5 s timestamp window against its own clock.
func venueRoute(serverOffset: Duration = .zero, data: String = #"{"symbol":"XBTUSDTM","currentQty":3}"#) -> @Sendable (RecordedRequest) -> ScriptedResponse {
    { request in
        let serverNow = Timestamp.now().advanced(by: serverOffset)
        let date = ("Date", HTTPDate.format(serverNow))
        guard let timestamp = TestVerifier.timestamp(request),
              abs(serverNow.milliseconds - timestamp) <= 5_000 else {
            return .json(#"{"code":"400002","msg":"Invalid KC-API-TIMESTAMP"}"#, status: 400, headers: [date])
        }
        guard TestVerifier.isSignatureValid(request) else {
            return .json(#"{"code":"400005","msg":"Invalid KC-API-SIGN"}"#, status: 401, headers: [date])
        }
        return .json(#"{"code":"200000","data":\#(data)}"#, headers: [date])
    }
}

@Suite("RestClient signing, clock skew and credentials")
struct RestClientSigningTests {
    @Test("a signed GET carries a valid signature over the raw query while the wire query is percent-encoded")
    func signedGet() async throws {
        try await withScriptedHTTPServer { server in
            server.route("GET", "/api/v1/position", venueRoute())
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            var request = TestRestVenue.position()
            request.query.append(QueryItem("note", "a b!@#"))
            let response = try await client.send(request)
            #expect(response.status == 200)
            let recorded = try #require(server.requests.first)
            #expect(recorded.query == "symbol=XBTUSDTM&note=a%20b%21%40%23")
            #expect(TestVerifier.isSignatureValid(recorded))
            #expect(recorded.header("Content-Type") == "application/json")
            #expect(recorded.header("T-API-PASSPHRASE") == HMACKey(secret: Secret(TestRestVenue.secret)).base64(for: Array(TestRestVenue.passphrase.utf8)))
        }
    }

    @Test("a POST signs the exact body bytes sent")
    func signedPost() async throws {
        try await withScriptedHTTPServer { server in
            server.route("POST", "/api/v1/orders", venueRoute(data: #"{"orderId":"5c35c02703aa673ceec2a168","clientOid":"order-1"}"#))
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            struct Ack: Decodable { struct Data: Decodable { let orderId: String }; let data: Data }
            let ack = try await client.send(TestRestVenue.placeOrder(), as: Ack.self)
            #expect(ack.data.orderId == "5c35c02703aa673ceec2a168")
            let recorded = try #require(server.requests.first)
            #expect(recorded.bodyString == String(decoding: TestRestVenue.placeOrder().body!, as: UTF8.self))
            #expect(TestVerifier.isSignatureValid(recorded))
        }
    }

    @Test("a venue clock 10 s ahead: the timestamp error leads to a skew re-estimate and one re-signed success")
    func skewRecovery() async throws {
        try await withScriptedHTTPServer { server in
            let offset = Duration.seconds(10)
            server.route("GET", "/api/v1/position", venueRoute(serverOffset: offset))
            server.route("GET", "/api/v1/timestamp") { _ in
                .json(#"{"code":"200000","data":\#(Timestamp.now().advanced(by: offset).milliseconds)}"#)
            }
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            let started = ContinuousClock.now
            let response = try await client.send(TestRestVenue.position())
            // Estimates are good to half a round trip; a loaded machine makes loopback round trips long.
            let slack = (ContinuousClock.now - started).milliseconds
            #expect(response.status == 200)
            #expect(server.requests.map(\.path) == ["/api/v1/position", "/api/v1/timestamp", "/api/v1/position"])
            let retried = server.requests[2]
            #expect(TestVerifier.isSignatureValid(retried))
            let signed = try #require(TestVerifier.timestamp(retried))
            #expect(abs(signed - Timestamp.now().advanced(by: offset).milliseconds) < 1_000 + slack)
            #expect(abs(client.clockSkew.offset.milliseconds - 10_000) < 500 + slack)
        }
    }

    @Test("a Date header that disagrees by seconds corrects the next request's timestamp without an error first")
    func skewFromDateHeader() async throws {
        try await withScriptedHTTPServer { server in
            let offset = Duration.seconds(-30)
            server.route("GET", "/api/v1/ticker") { _ in
                .json(#"{"code":"200000","data":{}}"#, headers: [("Date", HTTPDate.format(Timestamp.now().advanced(by: offset)))])
            }
            server.route("GET", "/api/v1/position", venueRoute(serverOffset: offset))
            server.route("GET", "/api/v1/timestamp") { _ in
                .json(#"{"code":"200000","data":\#(Timestamp.now().advanced(by: offset).milliseconds)}"#)
            }
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            let sent = ContinuousClock.now
            _ = try await client.send(TestRestVenue.ticker())
            let roundTrip = ContinuousClock.now - sent
            #expect(abs(client.clockSkew.offset.milliseconds + 30_000) <= 1_500 + roundTrip.milliseconds / 2)
            _ = try await client.send(TestRestVenue.position())
            // The header's estimate is good to half a second plus half the round trip: on a machine
            // so loaded that a loopback round trip takes seconds, the precise re-sync may still be needed.
            if roundTrip < .seconds(2) {
                #expect(server.requests.map(\.path) == ["/api/v1/ticker", "/api/v1/position"])
            }
            #expect(server.requests.last?.path == "/api/v1/position")
        }
    }

    @Test("a timestamp rejected again after the re-estimate is an error, not a loop")
    func skewGivesUp() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(#"{"code":"400002","msg":"Invalid KC-API-TIMESTAMP"}"#, status: 400), method: "GET", path: "/api/v1/position")
            server.route("GET", "/api/v1/timestamp") { _ in .json(#"{"code":"200000","data":\#(Timestamp.now().milliseconds)}"#) }
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            await #expect { try await client.send(TestRestVenue.position()) } throws: { error in
                (error as? ExchangeError)?.authenticationReason == .timestamp
            }
            #expect(server.requests(path: "/api/v1/position").count == 2)
            #expect(server.requests(path: "/api/v1/timestamp").count == 1)
        }
    }

    @Test("an authenticated call without credentials fails before sending")
    func missingCredentials() async throws {
        try await withScriptedHTTPServer { server in
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL, credentials: nil))
            await #expect { try await client.send(TestRestVenue.position()) } throws: { error in
                let error = error as? ExchangeError
                return error?.code == .authentication && error?.authenticationReason == .missingCredentials
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("credentials are never sent in clear text to a host that is not loopback")
    func plainHTTPRefused() async throws {
        let client = RestClient(venue: TestRestVenue(baseURL: "http://exchange.invalid"))
        await #expect { try await client.send(TestRestVenue.position()) } throws: { error in
            (error as? ExchangeError)?.code == .configuration
        }
    }

    @Test("secrets, passphrase and signatures never reach logs or errors, even when everything fails")
    func redaction() async throws {
        let capture = LogCapture()
        let metrics = TestMetrics()
        var errors: [String] = []
        var signatures: [String] = []
        try await withScriptedHTTPServer { server in
            server.enqueue(.json(#"{"code":"429000","msg":"Too many requests"}"#, status: 429, headers: [("gw-ratelimit-reset", "10")]),
                           .json(#"{"code":"500000","msg":"boom"}"#, status: 500),
                           method: "GET", path: "/api/v1/position")
            server.route("GET", "/api/v1/position", venueRoute(data: "{}"))
            server.setFallback(.json(#"{"code":"400005","msg":"Invalid KC-API-SIGN"}"#, status: 401), method: "POST", path: "/api/v1/orders")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), logger: capture.logger(), metrics: metrics)
            _ = try await client.send(TestRestVenue.position())
            do { _ = try await client.send(TestRestVenue.placeOrder()) } catch { errors.append("\(error)"); errors.append(String(reflecting: error)) }
            signatures = server.requests.compactMap { $0.header("T-API-SIGN") } + server.requests.compactMap { $0.header("T-API-PASSPHRASE") }
        }
        #expect(!capture.all.isEmpty)
        #expect(errors.count == 2)
        #expect(signatures.count >= 6)
        for text in capture.all + errors {
            #expect(!text.contains(TestRestVenue.secret))
            #expect(!text.contains(TestRestVenue.passphrase))
            for signature in signatures { #expect(!text.contains(signature), "signature leaked: \(text)") }
        }
    }
}
