import ExchangeKit
import ExchangeKitTesting
import Foundation
import MetricsTestKit
import Testing

@Suite("RestClient retries and order safety")
struct RestClientRetryTests {
    static let fast = RestClientConfiguration(
        // Long enough that a loaded CI machine never times out a healthy answer; faults use stalls.
        requestTimeout: .seconds(2),
        retry: .init(attempts: 3, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20)))

    static let ok = ScriptedResponse.json(#"{"code":"200000","data":{"symbol":"XBTUSDTM"}}"#)

    @Test("an idempotent GET survives 5xx, a reset and a truncated body; each attempt is signed afresh")
    func retriesIdempotent() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.json(#"{"code":"500000","msg":"internal"}"#, status: 503),
                           .fault(.resetAfterRequest),
                           method: "GET", path: "/api/v1/position")
            server.setFallback(Self.ok, method: "GET", path: "/api/v1/position")
            let metrics = TestMetrics()
            let clock = SteppingClock()
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: Self.fast, metrics: metrics, wallClock: clock.now)
            let response = try await client.send(TestRestVenue.position())
            #expect(response.status == 200)
            let requests = server.requests
            #expect(requests.count == 3)
            #expect(requests.allSatisfy(TestVerifier.isSignatureValid))
            let stamps = requests.compactMap(TestVerifier.timestamp)
            #expect(stamps.count == 3 && Set(stamps).count == 3 && stamps == stamps.sorted())
            let retries = try metrics.expectCounter("exchangekit_rest_retries_total", [("venue", "test"), ("endpoint", "position"), ("reason", "http503")])
            #expect(retries.values == [1])
        }

        try await withScriptedHTTPServer { server in
            server.enqueue(ScriptedResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"code":"200000","data":{"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}"#.utf8), fault: .truncatedBody(sendBytes: 10)),
                           method: "GET", path: "/api/v1/ticker")
            server.setFallback(Self.ok, method: "GET", path: "/api/v1/ticker")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: Self.fast)
            let response = try await client.send(TestRestVenue.ticker())
            #expect(response.status == 200)
            #expect(server.requests.count == 2)
        }
    }

    @Test("the retry budget ends in the last error, with the venue's code")
    func budgetExhausted() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(#"{"code":"500000","msg":"internal"}"#, status: 500), method: "GET", path: "/api/v1/position")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: Self.fast)
            await #expect { try await client.send(TestRestVenue.position()) } throws: { error in
                let error = error as? ExchangeError
                return error?.code == .api && error?.httpStatus == 500 && error?.venueCode == "500000"
            }
            #expect(server.requests.count == 3)
        }
    }

    @Test("a business error is not retried")
    func noRetryOnRejection() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(#"{"code":"300003","msg":"Balance insufficient"}"#), method: "GET", path: "/api/v1/position")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: Self.fast)
            await #expect { try await client.send(TestRestVenue.position()) } throws: { error in
                (error as? ExchangeError)?.venueCode == "300003"
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("an order placement that times out is outcomeUnknown and was sent exactly once", arguments: [
        ScriptedResponse.fault(.stall),
        Self.ok.delayed(by: .seconds(6)),
        .fault(.resetAfterRequest),
        .fault(.closeWithoutResponse),
        .json(#"{"code":"500000","msg":"internal"}"#, status: 500),
        .text("Service Unavailable", status: 503),
        ScriptedResponse(status: 200, body: Array(repeating: UInt8(ascii: "x"), count: 100), fault: .truncatedBody(sendBytes: 5)),
    ])
    func orderNeverResent(failure: ScriptedResponse) async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(failure, method: "POST", path: "/api/v1/orders")
            server.setFallback(.json(#"{"code":"200000","data":{"orderId":"x"}}"#), method: "POST", path: "/api/v1/orders")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: Self.fast)
            await #expect { try await client.send(TestRestVenue.placeOrder(clientOrderID: "cid-42")) } throws: { error in
                let error = error as? ExchangeError
                return error?.code == .outcomeUnknown && error?.clientOrderID == "cid-42" && error?.venue == "test"
            }
            _ = try await server.waitForRequests(1)
            #expect(server.requests(path: "/api/v1/orders").count == 1)
        }
    }

    @Test("a refused order placement (4xx business error) is not outcomeUnknown")
    func orderRejected() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(#"{"code":"300018","msg":"clientOid duplicated"}"#), method: "POST", path: "/api/v1/orders")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: Self.fast)
            await #expect { try await client.send(TestRestVenue.placeOrder()) } throws: { error in
                let error = error as? ExchangeError
                return error?.code == .api && error?.venueCode == "300018"
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("a body that does not decode is a decoding error with an excerpt of at most 256 bytes")
    func decodingFailure() async throws {
        try await withScriptedHTTPServer { server in
            let junk = #"{"code":"200000","data":{"price":"#  + String(repeating: "9", count: 2_000) + "}}"
            server.setFallback(.json(junk), method: "GET", path: "/api/v1/ticker")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            struct Reply: Decodable { struct Data: Decodable { let price: String }; let data: Data }
            await #expect { try await client.send(TestRestVenue.ticker(), as: Reply.self) } throws: { error in
                let error = error as? ExchangeError
                return error?.code == .decoding && (error?.excerpt?.utf8.count ?? 999) <= 256 && error?.message.contains("price") == true
            }
        }
    }

    @Test("a response over the size limit fails cleanly")
    func responseTooLarge() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(#"{"code":"200000","data":""# + String(repeating: "a", count: 70_000) + #""}"#), method: "GET", path: "/api/v1/ticker")
            var configuration = Self.fast
            configuration.maximumResponseBytes = 64 * 1024
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: configuration)
            await #expect { try await client.send(TestRestVenue.ticker()) } throws: { error in
                (error as? ExchangeError)?.message.contains("larger than 65536") == true
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("cancelling the calling task stops a request promptly")
    func cancellation() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.fault(.stall), method: "GET", path: "/api/v1/ticker")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            let task = Task { try await client.send(TestRestVenue.ticker()) }
            _ = try await server.waitForRequests(1)
            let started = ContinuousClock.now
            task.cancel()
            let result = await task.result
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(throws: (any Error).self) { try result.get() }
            #expect(server.requests.count == 1)
        }
    }
}
