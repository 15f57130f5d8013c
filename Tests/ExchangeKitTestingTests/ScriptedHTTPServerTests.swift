import AsyncHTTPClient
import ExchangeKitTesting
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

#if canImport(Darwin)
import Darwin
private let connectionResetErrno = ECONNRESET
#elseif canImport(Glibc)
import Glibc
private let connectionResetErrno = ECONNRESET
#endif

/// What a test got back from AHC, with the body fully read so truncation shows up here.
private struct Reply {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
    }
}

private func send(
    _ url: String,
    method: HTTPMethod = .GET,
    headers: [(String, String)] = [],
    body: [UInt8]? = nil,
    timeout: TimeAmount = .seconds(10),
    client: HTTPClient = .shared
) async throws -> Reply {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers {
        request.headers.add(name: name, value: value)
    }
    if let body {
        request.body = .bytes(body)
    }
    let response = try await client.execute(request, timeout: timeout)
    let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return Reply(
        status: Int(response.status.code),
        headers: response.headers.map { ($0.name, $0.value) },
        body: String(buffer: bytes)
    )
}

/// Runs `body` expecting it to throw and returns the error, so tests can assert on its type.
private func captureError(_ body: () async throws -> Reply) async -> (any Error)? {
    do {
        let reply = try await body()
        Issue.record("expected an error, got status \(reply.status) with body \(reply.body.utf8.count) bytes")
        return nil
    } catch {
        return error
    }
}

@Suite("ScriptedHTTPServer")
struct ScriptedHTTPServerTests {
    @Test("queued responses are served in order, then the route's fallback, else 404")
    func queuedThenFallback() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(
                .json(#"{"code":-1003}"#, status: 429, headers: [("Retry-After", "1")]),
                .text("unavailable", status: 503),
                method: "GET", path: "/api/v3/ping"
            )
            server.setFallback(.json("{}"), method: "GET", path: "/api/v3/ping")

            let first = try await send(server.baseURL + "/api/v3/ping")
            #expect(first.status == 429)
            #expect(first.header("Retry-After") == "1")
            #expect(first.header("Content-Type") == "application/json")
            #expect(first.body == #"{"code":-1003}"#)

            let second = try await send(server.baseURL + "/api/v3/ping?x=1")
            #expect(second.status == 503)
            #expect(second.body == "unavailable")

            for _ in 0..<2 {
                let fallback = try await send(server.baseURL + "/api/v3/ping")
                #expect(fallback.status == 200)
                #expect(fallback.body == "{}")
            }

            // Another method on the same path has no script at all.
            let other = try await send(server.baseURL + "/api/v3/ping", method: .POST)
            #expect(other.status == 404)
            #expect(other.body.contains(#""path":"/api/v3/ping""#))
            #expect(server.requests.count == 5)
        }
    }

    @Test("route-specific queues win over wildcard queues, which win over route handlers")
    func queuePrecedence() async throws {
        try await withScriptedHTTPServer { server in
            server.route("GET", "/time") { _ in .json(#"{"serverTime":1}"#) }
            server.enqueue(.text("global", status: 500))
            server.enqueue(.text("specific", status: 502), method: "get", path: "/time")

            let specific = try await send(server.baseURL + "/time")
            let global = try await send(server.baseURL + "/time")
            let handled = try await send(server.baseURL + "/time")
            // The wildcard queue is drained, so an unknown path falls to the default 404.
            let unknown = try await send(server.baseURL + "/elsewhere")
            #expect(specific.body == "specific")
            #expect(global.body == "global")
            #expect(handled.body == #"{"serverTime":1}"#)
            #expect(unknown.status == 404)
        }
    }

    @Test("a route handler sees the request body and query")
    func routeHandlerSeesRequest() async throws {
        try await withScriptedHTTPServer { server in
            server.route("POST", "/api/v3/order") { request in
                let symbol = request.queryItems.first(where: { $0.name == "symbol" })?.value ?? "?"
                return .json(#"{"symbol":"\#(symbol)","echo":\#(request.bodyString)}"#, status: 201)
            }
            server.setFallback(.text("fallback must not be used"), method: "POST", path: "/api/v3/order")

            let reply = try await send(
                server.baseURL + "/api/v3/order?symbol=BTC%2DUSDT&side=BUY",
                method: .POST,
                headers: [("Content-Type", "application/json")],
                body: Array(#"{"qty":"0.5"}"#.utf8)
            )
            #expect(reply.status == 201)
            #expect(reply.body == #"{"symbol":"BTC-USDT","echo":{"qty":"0.5"}}"#)
        }
    }

    @Test("requests are recorded with raw and decoded query, headers and body")
    func requestsAreRecorded() async throws {
        try await withScriptedHTTPServer { server in
            _ = try await send(
                server.baseURL + "/api/v3/account?symbol=BTC%2FUSDT&note=a+b%20c&flag&timestamp=1700000000000",
                method: .DELETE,
                headers: [("X-MBX-APIKEY", "key-123"), ("X-Trace", "one"), ("x-trace", "two")]
            )
            _ = try await send(server.baseURL + "/other", method: .PUT, body: Array("hello".utf8))

            let requests = try await server.waitForRequests(2)
            let account = requests[0]
            #expect(account.method == "DELETE")
            #expect(account.uri == "/api/v3/account?symbol=BTC%2FUSDT&note=a+b%20c&flag&timestamp=1700000000000")
            #expect(account.path == "/api/v3/account")
            #expect(account.query == "symbol=BTC%2FUSDT&note=a+b%20c&flag&timestamp=1700000000000")
            #expect(account.queryItems.map(\.name) == ["symbol", "note", "flag", "timestamp"])
            #expect(account.queryItems.map(\.value) == ["BTC/USDT", "a b c", "", "1700000000000"])
            #expect(account.header("x-mbx-apikey") == "key-123")
            #expect(account.header("X-TRACE") == "one")
            #expect(account.headers.filter { $0.name.lowercased() == "x-trace" }.map(\.value) == ["one", "two"])
            #expect(account.body.isEmpty)

            let other = requests[1]
            #expect(other.method == "PUT")
            #expect(other.query == nil)
            #expect(other.queryItems.isEmpty)
            #expect(other.bodyString == "hello")
            #expect(other.header("Content-Length") == "5")
            #expect(other.receivedAt >= account.receivedAt)
            #expect(server.requests(path: "/other").map(\.method) == ["PUT"])
            #expect(server.requests(path: "/nothing").isEmpty)
        }
    }

    @Test("request bodies of several MiB are aggregated before recording")
    func largeBody() async throws {
        try await withScriptedHTTPServer { server in
            let payload = (0..<(3 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            server.route("POST", "/upload") { request in .text("\(request.body.count)") }
            let reply = try await send(server.baseURL + "/upload", method: .POST, body: payload)
            #expect(reply.body == "\(payload.count)")
            #expect(server.requests(path: "/upload").first?.body == payload)
        }
    }

    @Test("bodies over 8 MiB get a 413 and are not recorded")
    func oversizedBody() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.text("accepted"))
            let payload = [UInt8](repeating: 7, count: 8 * 1024 * 1024 + 1)
            let reply = try await send(server.baseURL + "/upload", method: .POST, body: payload)
            #expect(reply.status == 413)
            #expect(reply.header("Connection") == "close")
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a scripted Date header replaces the server's own one")
    func scriptedDateWins() async throws {
        try await withScriptedHTTPServer { server in
            let skewed = "Wed, 21 Oct 2015 07:28:00 GMT"
            server.enqueue(.json("{}", headers: [("date", skewed)]), path: "/skewed")

            let reply = try await send(server.baseURL + "/skewed")
            #expect(reply.headers.filter { $0.0.lowercased() == "date" }.map(\.1) == [skewed])

            // Unscripted responses still carry an RFC 1123 date.
            let plain = try await send(server.baseURL + "/plain")
            let date = try #require(plain.header("Date"))
            #expect(date.count == 29)
            #expect(date.hasSuffix(" GMT"))
            #expect(date.dropFirst(3).hasPrefix(", "))
            #expect(date != skewed)
        }
    }

    @Test("a delayed response makes the client time out after the server recorded the request")
    func delayCausesClientTimeout() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.text("too late").delayed(by: .seconds(30)), path: "/slow")

            let start = ContinuousClock.now
            let error = await captureError {
                try await send(server.baseURL + "/slow", timeout: .milliseconds(200))
            }
            // Far below the 30 s delay: the client gave up, the server did not answer (loose for a loaded machine).
            #expect(ContinuousClock.now - start < .seconds(20))
            #expect((error as? HTTPClientError) == .deadlineExceeded)
            #expect(server.requests(path: "/slow").count == 1)
        }
    }

    @Test("a short delay is honoured and the response still arrives")
    func shortDelay() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.text("eventually").delayed(by: .milliseconds(150)), path: "/slow")
            let start = ContinuousClock.now
            let reply = try await send(server.baseURL + "/slow")
            #expect(ContinuousClock.now - start >= .milliseconds(150))
            #expect(reply.body == "eventually")
        }
    }

    @Test("resetAfterRequest fails the request and records it exactly once")
    func resetAfterRequest() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.fault(.resetAfterRequest), path: "/reset")
            server.setFallback(.text("recovered"), path: "/reset")

            let error = await captureError { try await send(server.baseURL + "/reset") }
            // SO_LINGER 0 really produces a RST: AHC surfaces the socket read error itself.
            let ioError = try #require(error as? IOError, "got \(String(reflecting: error))")
            #expect(ioError.errnoCode == connectionResetErrno)
            #expect(server.requests(path: "/reset").count == 1)

            // The client must open a fresh connection afterwards, and that one works.
            let reply = try await send(server.baseURL + "/reset")
            #expect(reply.body == "recovered")
            let recorded = server.requests(path: "/reset")
            #expect(recorded.count == 2)
            #expect(recorded[0].connectionID != recorded[1].connectionID)
        }
    }

    @Test("closeWithoutResponse fails the request")
    func closeWithoutResponse() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.fault(.closeWithoutResponse), path: "/close")
            let error = await captureError { try await send(server.baseURL + "/close") }
            #expect((error as? HTTPClientError) == .remoteConnectionClosed, "got \(String(reflecting: error))")
            #expect(server.requests(path: "/close").count == 1)
        }
    }

    @Test("truncatedBody sends the head and part of the body, then closes")
    func truncatedBody() async throws {
        try await withScriptedHTTPServer { server in
            let full = Array(repeating: UInt8(ascii: "x"), count: 1000)
            server.enqueue(
                ScriptedResponse(status: 200, body: full, fault: .truncatedBody(sendBytes: 100)),
                path: "/truncated"
            )
            var request = HTTPClientRequest(url: server.baseURL + "/truncated")
            request.method = .GET
            // The head arrives intact, with the full length announced...
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            #expect(response.headers["Content-Length"] == ["1000"])
            // ...the bytes that were sent are delivered, then the body stream fails with the
            // HTTP parser's premature-EOF error rather than ending short.
            var received = 0
            await #expect(throws: HTTPParserError.invalidEOFState) {
                for try await chunk in response.body {
                    received += chunk.readableBytes
                }
            }
            #expect(received == 100)
            #expect(server.requests(path: "/truncated").count == 1)
        }
    }

    @Test("a stalled request is cut off by shutdown, which returns promptly")
    func stallThenShutdown() async throws {
        let server = try await ScriptedHTTPServer.start()
        server.enqueue(.fault(.stall), path: "/stall")
        let url = server.baseURL + "/stall"
        let client = Task { try await send(url, timeout: .seconds(60)) }

        // Generous: once, with a build beside the tests, the request took longer than 5 s to arrive.
        _ = try await server.waitForRequests(1, timeout: .seconds(20))
        let start = ContinuousClock.now
        try await server.shutdown()
        #expect(ContinuousClock.now - start < .seconds(4))

        // The stalled request ends because the server closed its connection, not by timeout.
        await #expect(throws: HTTPClientError.remoteConnectionClosed) { try await client.value }
        #expect(ContinuousClock.now - start < .seconds(5))

        // Idempotent, and the listener is really gone.
        try await server.shutdown()
        await #expect(throws: (any Error).self) {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: server.port)
                .get()
            try await channel.close().get()
        }
    }

    @Test("stall ends with the client's own timeout")
    func stallClientTimeout() async throws {
        try await withScriptedHTTPServer { server in
            server.enqueue(.fault(.stall), path: "/stall")
            let error = await captureError {
                try await send(server.baseURL + "/stall", timeout: .milliseconds(200))
            }
            #expect((error as? HTTPClientError) == .deadlineExceeded)
            #expect(server.requests.count == 1)
        }
    }

    @Test("keep-alive: sequential requests reuse one connection; Connection: close does not")
    func keepAlive() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await withScriptedHTTPServer { server in
                server.setFallback(.text("ok"))
                let first = try await send(server.baseURL + "/a", client: client)
                let second = try await send(server.baseURL + "/b", client: client)
                #expect(first.body == "ok")
                #expect(second.body == "ok")
                #expect(first.header("Connection") == nil)

                let closing = try await send(server.baseURL + "/c", headers: [("Connection", "close")], client: client)
                #expect(closing.header("Connection") == "close")
                let after = try await send(server.baseURL + "/d", client: client)
                #expect(after.body == "ok")

                let ids = server.requests.map(\.connectionID)
                #expect(ids.count == 4)
                #expect(ids[0] == ids[1])
                #expect(ids[1] == ids[2])
                #expect(ids[3] != ids[2])
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test("waitForRequests wakes on arrival and times out with a count")
    func waitForRequests() async throws {
        try await withScriptedHTTPServer { server in
            let start = ContinuousClock.now
            await #expect(throws: ScriptedHTTPServerError.timedOut(expected: 1, received: 0)) {
                try await server.waitForRequests(1, timeout: .milliseconds(100))
            }
            // Far below a hang; loose enough for a loaded 2-core machine (6.3 s was seen with two builds running).
            #expect(ContinuousClock.now - start < .seconds(20))

            let waiter = Task { try await server.waitForRequests(2, timeout: .seconds(10)) }
            _ = try await send(server.baseURL + "/one")
            _ = try await send(server.baseURL + "/two")
            let seen = try await waiter.value
            #expect(seen.map(\.path) == ["/one", "/two"])
            // Already satisfied: returns at once.
            let again = try await server.waitForRequests(1)
            #expect(again.count == 2)
        }
    }

    @Test("pending waiters fail when the server shuts down")
    func waiterFailsOnShutdown() async throws {
        let server = try await ScriptedHTTPServer.start()
        let waiter = Task { try await server.waitForRequests(1, timeout: .seconds(30)) }
        // The waiter may register before or after shutdown; both paths must throw `.shutDown`.
        try await server.shutdown()
        await #expect(throws: ScriptedHTTPServerError.shutDown) { try await waiter.value }
    }

    @Test("cancelling a waiter throws CancellationError")
    func waiterCancellation() async throws {
        try await withScriptedHTTPServer { server in
            let waiter = Task { try await server.waitForRequests(1, timeout: .seconds(30)) }
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
        }
    }
}
