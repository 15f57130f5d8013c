import BinanceStub
import ExchangeKit
import Foundation
import Testing

@Suite("Binance HMAC-SHA256 signing")
struct BinanceSignerTests {
    @Test("reproduces Binance's documented example signatures (futures POST /fapi/v1/order and the classic spot vector)", arguments: [
        ("2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9",
         "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943",
         "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"),
        ("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
         "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
         "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"),
    ])
    func documentedVectors(secret: String, query: String, expected: String) throws {
        let signer = BinanceSigner(credentials: Credentials(key: "k", secret: secret))
        // The whole query already carries timestamp and recvWindow: the signer adds only the signature and the key.
        var request = PreparedRequest(method: .POST, path: "/fapi/v1/order", query: Self.items(query), body: [], headers: [])
        try signer.sign(&request, at: Timestamp(milliseconds: 1))
        #expect(request.query.last == QueryItem("signature", expected))
        #expect(request.query.count == Self.items(query).count + 1)
        #expect(request.headers.map(\.0) == ["X-MBX-APIKEY"] && request.headers.first?.1 == "k")
        #expect(BN.hmacHex(query, secret: secret) == expected)
    }

    @Test("the same vector split between query and body signs query + body, and timestamp in the body is not added again")
    func queryPlusBody() throws {
        let secret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"
        let signer = BinanceSigner(credentials: Credentials(key: "k", secret: secret))
        let body = "quantity=1&price=9000&recvWindow=5000&timestamp=1591702613943"
        var request = PreparedRequest(method: .POST, path: "/fapi/v1/order", query: Self.items("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC"),
                                      body: Array(body.utf8), headers: [])
        try signer.sign(&request, at: Timestamp(milliseconds: 42))
        #expect(request.query.map(\.name) == ["symbol", "side", "type", "timeInForce", "signature"])
        #expect(request.query.last?.value == BN.hmacHex("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC" + body, secret: secret))
    }

    @Test("adds timestamp and recvWindow when absent, then the signature last; the key is a redacted field")
    func addsTimestamp() throws {
        let signer = BinanceSigner(credentials: BN.credentials)
        var request = PreparedRequest(method: .GET, path: "/fapi/v2/balance", query: [], body: [], headers: [])
        try signer.sign(&request, at: Timestamp(milliseconds: 1_700_000_000_123))
        #expect(request.query.map(\.name) == ["timestamp", "recvWindow", "signature"])
        #expect(request.query[0].value == "1700000000123" && request.query[1].value == "5000")
        #expect(request.query[2].value == BN.hmacHex("timestamp=1700000000123&recvWindow=5000"))
        #expect(signer.redactedFields == ["X-MBX-APIKEY"])
        let dumped = request.redacted(signer.redactedFields)
        #expect(!"\(dumped.headers)".contains(BN.key) && !"\(dumped)".contains(BN.secret))
    }

    static func items(_ query: String) -> [QueryItem] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return QueryItem(String(parts[0]), String(parts[1]))
        }
    }
}
