import ExchangeKit
import ExchangeKitTesting
import Foundation
import MetricsTestKit
import Testing

@Suite("RestClient rate limits")
struct RestClientRateLimitTests {
    static let tooMany = ScriptedResponse.json(#"{"code":"429000","msg":"Too many requests"}"#, status: 429, headers: [("gw-ratelimit-reset", "30")])
    static let ok = ScriptedResponse.json(#"{"code":"200000","data":{}}"#)

    @Test("three 429s then 200 succeed without using the retry budget, even for an order")
    func waitsOut429s() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(Self.tooMany, Self.tooMany, Self.tooMany, method: "POST", path: "/api/v1/orders")
            server.setFallback(Self.ok, method: "POST", path: "/api/v1/orders")
            let metrics = TestMetrics()
            let configuration = RestClientConfiguration(retry: .disabled)
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: configuration, metrics: metrics)
            let started = ContinuousClock.now
            let response = try await client.send(TestRestVenue.placeOrder())
            #expect(response.status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(90))
            #expect(server.requests.count == 4)
            let counter = try metrics.expectCounter("exchangekit_rest_rate_limited_total", [("venue", "test"), ("endpoint", "placeOrder")])
            #expect(counter.values == [1, 1, 1])
        }
    }

    @Test("endless 429s end in a rateLimited error after the configured count, never a crash or a hang")
    func endless429s() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(Self.tooMany, method: "GET", path: "/api/v1/position")
            let configuration = RestClientConfiguration(rateLimiting: .init(maximumWait: .seconds(1), maximumConsecutiveRejections: 4))
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL), configuration: configuration)
            await #expect { try await client.send(TestRestVenue.position()) } throws: { error in
                let error = error as? ExchangeError
                return error?.code == .rateLimited && error?.retryAfter == .milliseconds(30) && error?.isRetryable == true
            }
            #expect(server.requests.count == 4)
        }
    }

    @Test("a 429 whose reset is beyond the wait bound fails at once with the reset as retryAfter")
    func longReset() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(#"{"code":"429000","msg":"Too many"}"#, status: 429, headers: [("gw-ratelimit-reset", "29000")]),
                               method: "GET", path: "/api/v1/position")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            await #expect { try await client.send(TestRestVenue.position()) } throws: { error in
                (error as? ExchangeError)?.retryAfter == .seconds(29)
            }
            #expect(server.requests.count == 1)
            // The pool is now known to be spent: the next call fails without being sent.
            await #expect { try await client.send(TestRestVenue.position()) } throws: { error in
                (error as? ExchangeError)?.code == .rateLimited
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("an empty pool makes the next call wait for the window, and the venue never sees more than the quota per window")
    func emptyPoolWaits() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(Self.ok, method: "GET", path: "/api/v1/ticker")
            let window = Duration.milliseconds(300)
            let venue = TestRestVenue(baseURL: server.baseURL, pools: [RateLimitPool("Public", quota: 4, window: window)])
            let client = RestClient(venue: venue)
            let started = ContinuousClock.now
            for _ in 0..<5 { _ = try await client.send(TestRestVenue.ticker()) }  // weight 2: two per window
            let times = server.requests.map(\.receivedAt)
            #expect(times.count == 5)
            // Requests 3 and 5 each had to wait for a new window (the first window opened after `started`).
            #expect(times[2] - started >= window)
            #expect(times[4] - started >= window * 2)
        }
    }

    @Test("a wait longer than the bound is a rateLimited error and nothing is sent")
    func waitBound() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(Self.ok, method: "GET", path: "/api/v1/ticker")
            let venue = TestRestVenue(baseURL: server.baseURL, pools: [RateLimitPool("Public", quota: 2, window: .seconds(30))])
            let client = RestClient(venue: venue, configuration: RestClientConfiguration(rateLimiting: .init(maximumWait: .milliseconds(100))))
            _ = try await client.send(TestRestVenue.ticker())
            await #expect { try await client.send(TestRestVenue.ticker()) } throws: { error in
                let error = error as? ExchangeError
                return error?.code == .rateLimited && (error?.retryAfter ?? .zero) > .seconds(20)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("the ledger learns from gw-ratelimit headers: remaining 0 means the next call waits for the reset")
    func learnsFromHeaders() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.json(#"{"code":"200000","data":{}}"#, headers: [
                ("gw-ratelimit-limit", "2000"), ("gw-ratelimit-remaining", "0"), ("gw-ratelimit-reset", "250"),
            ]), method: "GET", path: "/api/v1/ticker")
            server.setFallback(Self.ok, method: "GET", path: "/api/v1/ticker")
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL))
            _ = try await client.send(TestRestVenue.ticker())
            #expect(client.remainingWeight(in: "Public") == 0)
            _ = try await client.send(TestRestVenue.ticker())
            let times = server.requests.map(\.receivedAt)
            #expect(times[1] - times[0] >= .milliseconds(230))
            #expect(client.remainingWeight(in: "Public")! > 1000)
        }
    }

    @Test("concurrent callers share one ledger and together stay within the quota")
    func concurrentCallers() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(Self.ok, method: "GET", path: "/api/v1/ticker")
            let window = Duration.milliseconds(400)
            let client = RestClient(venue: TestRestVenue(baseURL: server.baseURL, pools: [RateLimitPool("Public", quota: 6, window: window)]))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 { group.addTask { _ = try await client.send(TestRestVenue.ticker()) } }
                for try await _ in group {}
            }
            let times = server.requests.map(\.receivedAt).sorted()
            #expect(times.count == 6)
            // At most 3 requests (weight 2, quota 6) per window: the 4th waits for the second window.
            #expect(times[3] - started >= window)
        }
    }
}
