import ExchangeKit
import ExchangeKitTesting
import Foundation
import Testing

@Suite("runner rest and sign against the scripted HTTP server", .timeLimit(.minutes(1)))
struct RunnerRestTests {
    @Test("rest ticker prints the venue's answer as JSON with exact decimal strings")
    func ticker() async throws {
        try await withScriptedHTTPServer { http in
            http.route("GET", "/api/v1/ticker") { _ in .json(try! Fixture.text("rest/ticker.json", in: .module)) }
            let sandbox = try RunnerSandbox(restURL: http.baseURL)
            defer { sandbox.remove() }
            let outcome = await sandbox.run(["rest", "kucoin-futures", "ticker", "XBTUSDM"])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            let object = try #require(outcome.objects().first)
            #expect(object.string("venue") == "kucoin-futures" && object.string("symbol") == "XBTUSDM")
            #expect(object.string("bid") == "67169.6" && object.string("bid_size") == "32345")
            #expect(object.string("ask") == "67169.7" && object.string("ask_size") == "7251")
            #expect(object.string("last") == "67158.4" && object.string("last_size") == "2936")
            #expect(object.int("ts") == 1_729_163_001_780_000_000 && object.int("sequence") == 1_697_895_100_310)
            #expect(http.requests(path: "/api/v1/ticker").first?.queryValue("symbol") == "XBTUSDM")
        }
    }

    @Test("rest position is signed and prints the position's fields")
    func position() async throws {
        try await withScriptedHTTPServer { http in
            http.route("GET", "/api/v1/position") { _ in .json(try! Fixture.text("rest/position.json", in: .module)) }
            let sandbox = try RunnerSandbox(restURL: http.baseURL)
            defer { sandbox.remove() }
            let outcome = await sandbox.run(["rest", "kucoin-futures", "position", "XBTUSDTM"])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            let object = try #require(outcome.objects().first)
            #expect(object.string("size") == "1" && object.string("entry_price") == "67430.9" && object.string("mark_price") == "68900.7")
            #expect(object.string("liquidation_price") == "45314.33" && object.string("margin_mode") == "isolated")
            let request = try #require(http.requests(path: "/api/v1/position").first)
            let timestamp = try #require(request.header("KC-API-TIMESTAMP"))
            #expect(request.header("KC-API-SIGN") == TestKC.hmac(timestamp + "GET/api/v1/position?symbol=XBTUSDTM"))
            #expect(!outcome.leaksSecrets)
        }
    }

    @Test("--dry-run prints the signed order request and sends nothing")
    func dryRun() async throws {
        try await withScriptedHTTPServer { http in
            let sandbox = try RunnerSandbox(restURL: http.baseURL)
            defer { sandbox.remove() }
            let outcome = await sandbox.run(["rest", "kucoin-futures", "place-order", "--symbol", "XBTUSDTM", "--side", "buy", "--type", "limit",
                                             "--size", "1", "--price", "60000", "--leverage", "5", "--client-order-id", "dry-1", "--dry-run"])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            #expect(http.requests.isEmpty, "a dry run sends nothing")
            let object = try #require(outcome.objects().first)
            #expect(object["dry_run"] as? Bool == true && object.string("method") == "POST")
            #expect(object.string("url") == http.baseURL + "/api/v1/orders")
            let headers = try #require(object["headers"] as? [String: String])
            let body = try #require(object.string("body"))
            let sent = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(sent["clientOid"] as? String == "dry-1" && sent["price"] as? String == "60000" && sent["side"] as? String == "buy")
            let timestamp = try #require(headers["KC-API-TIMESTAMP"])
            #expect(headers["KC-API-SIGN"] == TestKC.hmac(timestamp + "POST/api/v1/orders" + body), "the signature is shown and correct")
            #expect(headers["KC-API-KEY"] == "<redacted>" && headers["KC-API-PASSPHRASE"] == "<redacted>")
            #expect(!outcome.leaksSecrets)
        }
    }

    @Test("--validate places on the test-order endpoint")
    func validate() async throws {
        try await withScriptedHTTPServer { http in
            http.route("POST", "/api/v1/orders/test") { _ in .json(try! Fixture.text("rest/orders-post.json", in: .module)) }
            let sandbox = try RunnerSandbox(restURL: http.baseURL)
            defer { sandbox.remove() }
            let outcome = await sandbox.run(["rest", "kucoin-futures", "place-order", "--symbol", "XBTUSDTM", "--side", "sell", "--type", "market",
                                             "--size", "2", "--validate"])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            let object = try #require(outcome.objects().first)
            #expect(object.string("order_id") == "234125150956625920" && object["validated_only"] as? Bool == true)
            #expect(http.requests(path: "/api/v1/orders").isEmpty && http.requests(path: "/api/v1/orders/test").count == 1)
        }
    }

    @Test("a venue error is rendered readably with exit code 1")
    func venueError() async throws {
        try await withScriptedHTTPServer { http in
            http.route("DELETE", "/api/v1/orders/12345") { _ in .json(try! Fixture.text("rest/error.json", in: .module), status: 400) }
            let sandbox = try RunnerSandbox(restURL: http.baseURL)
            defer { sandbox.remove() }
            let outcome = await sandbox.run(["rest", "kucoin-futures", "cancel-order", "12345"])
            #expect(outcome.code == 1)
            #expect(outcome.stderr.contains("400100") && outcome.stderr.contains("Invalid Parameter"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("Fatal error") && outcome.stdout.isEmpty)
        }
    }

    @Test("rest raw sends a signed request and prints the body as received")
    func raw() async throws {
        try await withScriptedHTTPServer { http in
            http.route("GET", "/api/v1/position") { _ in .json(try! Fixture.text("rest/position.json", in: .module)) }
            let sandbox = try RunnerSandbox(restURL: http.baseURL)
            defer { sandbox.remove() }
            let outcome = await sandbox.run(["rest", "kucoin-futures", "raw", "GET", "/api/v1/position", "--query", "symbol=XBTUSDTM", "--signed"])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains(#""riskLimitLevel": 2"#))
            let request = try #require(http.requests(path: "/api/v1/position").first)
            #expect(request.header("KC-API-SIGN") == TestKC.hmac(try #require(request.header("KC-API-TIMESTAMP")) + "GET/api/v1/position?symbol=XBTUSDTM"))
        }
    }

    @Test("sign prints exactly what the signer adds, reproducible by an independent HMAC")
    func sign() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let get = await sandbox.run(["sign", "kucoin-futures", "--method", "GET", "--path", "/api/v1/position", "--query", "symbol=XBTUSDTM",
                                     "--timestamp", "1700000000000"])
        #expect(get.code == 0, "\(get.stderr)")
        let signed = try #require(get.objects().first)
        let headers = try #require(signed["headers"] as? [String: String])
        #expect(headers["KC-API-SIGN"] == TestKC.hmac("1700000000000GET/api/v1/position?symbol=XBTUSDTM"))
        #expect(headers["KC-API-TIMESTAMP"] == "1700000000000" && headers["KC-API-KEY-VERSION"] == "2")
        #expect(Set(headers.keys) == ["KC-API-KEY", "KC-API-SIGN", "KC-API-TIMESTAMP", "KC-API-PASSPHRASE", "KC-API-KEY-VERSION"])
        #expect((signed["query"] as? [String: String])?.isEmpty == true, "KuCoin adds no query parameters")

        let body = #"{"symbol":"XBTUSDTM","side":"buy"}"#
        let post = await sandbox.run(["sign", "kucoin-futures", "--method", "POST", "--path", "/api/v1/orders", "--body", body,
                                      "--timestamp", "1700000000123"])
        let postHeaders = try #require(post.objects().first?["headers"] as? [String: String])
        #expect(postHeaders["KC-API-SIGN"] == TestKC.hmac("1700000000123POST/api/v1/orders" + body))
        #expect(!get.leaksSecrets && !post.leaksSecrets)
    }

    @Test("sign without credentials names the variables to set (exit 78)")
    func signWithoutCredentials() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let outcome = await sandbox.run(["sign", "kucoin-futures", "--method", "GET", "--path", "/api/v1/position"], environment: [:])
        #expect(outcome.code == 78)
        #expect(outcome.stderr.contains("TEST_KC_KEY") && outcome.stderr.contains("TEST_KC_SECRET"))
    }
}

@Suite("runner sign for Binance")
struct RunnerBinanceSignTests {
    @Test("sign keeps a timestamp the query already holds and adds recvWindow and the hex signature over exactly that query")
    func binance() async throws {
        let sandbox = try RunnerSandbox(pluginsFile: false)
        defer { sandbox.remove() }
        let secret = "binance-test-secret"
        let outcome = await sandbox.run(["sign", "binance-usdm", "--method", "GET", "--path", "/fapi/v1/order",
                                         "--query", "symbol=BTCUSDT&orderId=42&timestamp=1700000000000"],
                                        environment: ["BINANCE_API_KEY": "binance-test-key", "BINANCE_API_SECRET": secret])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let signed = try #require(outcome.objects().first)
        let query = try #require(signed["query"] as? [String: String])
        #expect(query["timestamp"] == nil, "the query's own timestamp is kept, not replaced")
        let recvWindow = try #require(query["recvWindow"])
        let message = "symbol=BTCUSDT&orderId=42&timestamp=1700000000000&recvWindow=\(recvWindow)"
        let expected = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        #expect(query["signature"] == expected)
        #expect((signed["headers"] as? [String: String])?["X-MBX-APIKEY"] == "<redacted>")
        #expect(!outcome.stdout.contains(secret) && !outcome.stdout.contains("binance-test-key"))
    }
}

import Crypto
