import ExchangeKit
import Foundation
import KuCoinCore
import Testing

@Suite("KuCoin signing")
struct KuCoinSignerTests {
    @Test("public vectors: universal SDK and kucoin-go (PROTOCOL.md §2)")
    func vectors() throws {
        #expect(HMACKey(secret: Secret("test_api_secret")).base64(for: Array("test_plain".utf8)) == "jie/gxS38wLFFaBwl/cAzFbAzlI8MIny96jSXrB+iP4=")
        let signer = try KuCoinSigner(credentials: Credentials(key: "k", secret: "test-api-secret", passphrase: "test-passphrase"))
        var get = PreparedRequest(method: .GET, path: "/api/ua/v1/market/ticker", query: [QueryItem("tradeType", "SPOT"), QueryItem("symbol", "BTC-USDT")], body: [], headers: [])
        try signer.sign(&get, at: Timestamp(milliseconds: 1_622_185_200_000))
        #expect(get.headers.first { $0.0 == "KC-API-SIGN" }?.1 == "Y4CIw8vypGuYmE/JDB/Kr9UGyO9kzC31hIe/BZIIPlw=")
        #expect(get.headers.first { $0.0 == "KC-API-TIMESTAMP" }?.1 == "1622185200000")
        #expect(get.headers.first { $0.0 == "KC-API-PASSPHRASE" }?.1 == "fqkeR28GaLc+yzydx1yFfD3Jc46eSFoOwfG2YgL/Qos=")
        #expect(get.headers.first { $0.0 == "KC-API-KEY-VERSION" }?.1 == "2")
        var post = PreparedRequest(method: .POST, path: "/api/v1/hf/orders", query: [],
                                   body: Array(#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"10000","size":"0.001"}"#.utf8), headers: [])
        try signer.sign(&post, at: Timestamp(milliseconds: 1_622_185_200_000))
        #expect(post.headers.first { $0.0 == "KC-API-SIGN" }?.1 == "25TF2rDhMDPs6LTi4iqBthYb/vIw1i1rFsf+/o6ts5s=")
    }

    @Test("the query is signed unencoded while it is sent encoded")
    func unencodedQuery() throws {
        let signer = try KuCoinSigner(credentials: Credentials(key: "k", secret: "s", passphrase: "p"), keyVersion: "3")
        var request = PreparedRequest(method: .GET, path: "/x", query: [QueryItem("passphrase", "abc!@#11")], body: [], headers: [])
        try signer.sign(&request, at: Timestamp(milliseconds: 1))
        #expect(request.encodedTarget == "/x?passphrase=abc%21%40%2311")
        #expect(request.headers.first { $0.0 == "KC-API-SIGN" }?.1 == HMACKey(secret: Secret("s")).base64(for: Array("1GET/x?passphrase=abc!@#11".utf8)))
        #expect(request.headers.first { $0.0 == "KC-API-KEY-VERSION" }?.1 == "3")
    }

    @Test("credentials without a passphrase are a configuration error")
    func noPassphrase() {
        #expect(throws: ExchangeError.self) { try KuCoinSigner(credentials: Credentials(key: "k", secret: "s")) }
    }
}
