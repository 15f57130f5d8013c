import ExchangeKit
import ExchangeKitTesting
import Foundation
import KuCoinCore
import KuCoinSpot
import Testing

@Suite("KuCoin Spot bullet tokens from the Spot host")
struct SpotBulletTests {
    @Test("public and private bullets decode to the samples' servers; the private call is signed from the Spot pool")
    func bullets() async throws {
        try await withScriptedHTTPServer { server in
            server.setFallback(.json(try SpotTest.rest("bullet-public")), method: "POST", path: "/api/v1/bullet-public")
            server.setFallback(.json(try SpotTest.rest("bullet-private")), method: "POST", path: "/api/v1/bullet-private")
            let spot = try SpotTest.spot(server)
            let bullet = try await KuCoinBullet.fetch(private: false, product: .spot, using: spot.rest)
            #expect(bullet.token.hasPrefix("2neAiuYvAU61ZDXANAGAsiL4") && bullet.token.hasSuffix(".ymP9jIr6v-vucrZr8761yA=="))
            let server0 = try #require(bullet.instanceServers.first)
            #expect(server0.endpoint == "wss://ws-api-spot.kucoin.com/" && server0.encrypt == true && server0.protocol == "websocket")
            #expect(server0.pingInterval == 18_000 && server0.pingTimeout == 10_000)
            let endpoint = try bullet.endpoint(connectID: "c1")
            #expect(endpoint.url.hasPrefix("wss://ws-api-spot.kucoin.com/?token=2neAiuYvAU61ZDXANAGAsiL4") && endpoint.url.hasSuffix("&connectId=c1"))
            #expect(endpoint.heartbeat.interval == .seconds(18) && endpoint.heartbeat.timeout == .seconds(28))

            // Through the stream venue: the private token comes from a signed call, from the Spot pool.
            let privateEndpoint = try await spot.streamVenue.endpoint(private: true)
            #expect(privateEndpoint.url.contains("token=2neAiuYvAU737TOajb2U3uT8AEZqSWYe0fBD4LoHuXJDSC7gIzJiH4kNTWhCPISWo6nDpAe7"))
            let signed = try #require(server.requests(path: "/api/v1/bullet-private").first)
            #expect(SpotTest.isSigned(signed) && signed.bodyString.isEmpty)
            #expect(server.requests(path: "/api/v1/bullet-public").first?.header("KC-API-SIGN") == nil)
            #expect(spot.rest.remainingWeight(in: "Spot") == 4000 - 10)
        }
    }
}
