import AsyncHTTPClient
import ExchangeKit
import Foundation
import KuCoinFutures
@testable import Simulator
import Testing

@Suite("Simulator REST through the KuCoin Futures plugin", .timeLimit(.minutes(1)))
struct SimulatorRESTTests {
    @Test("contracts, ticker, server time, mark price and books read back through the real plugin")
    func marketData() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            let instruments = try await client.instruments()
            #expect(instruments.map(\.symbol) == ["XBTUSDTM", "ETHUSDTM"])
            let xbt = try await client.instrument(symbol: "XBTUSDTM")
            #expect(xbt.tickSize == Decimal(string: "0.1")! && xbt.multiplier == Decimal(string: "0.001")! && xbt.lotSize == 1)
            #expect(xbt.base == "XBT" && xbt.quote == "USDT" && xbt.settle == "USDT" && !xbt.isInverse)
            let time = try await client.serverTime()
            #expect(abs(time.milliseconds - Timestamp.now().milliseconds) < 5_000)
            let ticker = try await client.ticker(symbol: "XBTUSDTM")
            #expect(ticker.bid < ticker.ask)
            let book = try await client.orderBook(symbol: "XBTUSDTM")
            #expect(book.bids.count >= 5 && book.asks.count >= 5)
            #expect(book.bids.first!.price < book.asks.first!.price, "never crossed")
            #expect(book.bids.map(\.price) == book.bids.map(\.price).sorted(by: >) && book.asks.map(\.price) == book.asks.map(\.price).sorted())
            let top = try await client.orderBook(symbol: "XBTUSDTM", depth: 20)
            #expect(top.bids.count == 20 && top.asks.count == 20)
            let mark = try await client.markPrice(symbol: "ETHUSDTM")
            #expect(mark.value > 1000 && mark.value < 5000)
        }
    }

    @Test("an unknown symbol is KuCoin's 200003 answer")
    func unknownSymbol() async throws {
        try await withSimulator { _, url in
            let client = try futures(url)
            let error = await #expect(throws: ExchangeError.self) { try await client.ticker(symbol: "NOPEUSDTM") }
            #expect(error?.venueCode == "200003")
        }
    }

    @Test("private calls need KuCoin's signature: right key accepted, each wrong part refused with its code")
    func authentication() async throws {
        try await withSimulator { _, url in
            let balance = try await futures(url).balance(currency: "USDT")
            #expect(balance.available == 10_000 && balance.currency == "USDT")

            let wrongSecret = Credentials(key: demoCredentials.key, secret: "not-the-secret", passphrase: "sim-demo-passphrase")
            let signature = await #expect(throws: ExchangeError.self) { try await futures(url, credentials: wrongSecret).balance(currency: "USDT") }
            #expect(signature?.venueCode == "400004", "the passphrase is HMAC'd with the secret, so a wrong secret fails there first")

            let wrongPassphrase = Credentials(key: demoCredentials.key, secret: "sim-demo-secret", passphrase: "nope")
            let passphrase = await #expect(throws: ExchangeError.self) { try await futures(url, credentials: wrongPassphrase).balance(currency: "USDT") }
            #expect(passphrase?.venueCode == "400004" && passphrase?.code == .authentication)

            let wrongKey = Credentials(key: "someone-else", secret: "sim-demo-secret", passphrase: "sim-demo-passphrase")
            let key = await #expect(throws: ExchangeError.self) { try await futures(url, credentials: wrongKey).balance(currency: "USDT") }
            #expect(key?.venueCode == "400003")

            let missing = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/api/v1/account-overview?currency=USDT"), timeout: .seconds(5))
            let body = try await missing.body.collect(upTo: 1 << 16)
            #expect(missing.status.code == 401 && String(buffer: body).contains("400001"))
        }
    }

    @Test("a client whose clock is 10 s off is refused (400002), re-reads the server time, and succeeds")
    func skewedClock() async throws {
        try await withSimulator { _, url in
            let client = try futures(url, wallClock: { Timestamp.now().advanced(by: .seconds(10)) })
            let balance = try await client.balance(currency: "USDT")
            #expect(balance.available == 10_000)
            // About -10 s: whole seconds from a Date header, plus a request's latency on a loaded machine.
            #expect(abs(client.rest.clockSkew.offset.components.seconds + 10) <= 2, "the skew estimate is about -10 s")
        }
    }

    @Test("a spent rate-limit pool answers 429000 with gw-ratelimit headers")
    func rateLimit() async throws {
        try await withSimulator({ $0.poolQuota = 10 }) { _, url in
            var statuses: [Int] = []
            var remaining: [String] = []
            for _ in 0..<7 {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/api/v1/ticker?symbol=XBTUSDTM"), timeout: .seconds(5))
                _ = try await response.body.collect(upTo: 1 << 16)
                statuses.append(Int(response.status.code))
                remaining.append(response.headers.first(name: "gw-ratelimit-remaining") ?? "-")
            }
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429])
            #expect(remaining == ["8", "6", "4", "2", "0", "0", "0"])
        }
    }
}
