import ExchangeKit
import ExchangeKitTesting
import NIOSSL
import Testing

/// A self-signed certificate for `localhost` and 127.0.0.1, valid until 2126, and its key: made
/// for these tests with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
/// -days 36500 -subj "/CN=ExchangeKit test server" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
/// -addext "basicConstraints=critical,CA:TRUE"`. It protects nothing; it only lets a loopback
/// server speak TLS.
enum TestTLS {
    static let certificatePEM = """
-----BEGIN CERTIFICATE-----
MIIBuDCCAV2gAwIBAgIUcLRQh2gNFjwkQs1IbEOHdWSWlTowCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXRXhjaGFuZ2VLaXQgdGVzdCBzZXJ2ZXIwIBcNMjYxMTI2MDM1
NzA1WhgPMjEyNjExMDIwMzU3MDVaMCIxIDAeBgNVBAMMF0V4Y2hhbmdlS2l0IHRl
c3Qgc2VydmVyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9KHrgLYHYgck/BBr
32xyzHuLkgmbU3oemuqmG28oL1gobdWfCHVVRvzCPKCiAUU/V6wbDKPOuGX4tg07
2+CtZKNvMG0wHQYDVR0OBBYEFNyQeHDa4JBmlaga6Z4fzY3sf5xeMB8GA1UdIwQY
MBaAFNyQeHDa4JBmlaga6Z4fzY3sf5xeMBoGA1UdEQQTMBGCCWxvY2FsaG9zdIcE
fwAAATAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCihkEfZDL2
BWplDGG6Vmex1+nDsqB9OJvxqblwMpOonwIhAMciHFPDNr6GZH3AsSgCa7oaSTq8
mFNHOX4N+QSKSUrS
-----END CERTIFICATE-----
"""
    static let privateKeyPEM = """
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg38MhVj4NyY+zS3DM
AyfUo53bFRyhPMkR3MKrT542XJChRANCAAT0oeuAtgdiByT8EGvfbHLMe4uSCZtT
eh6a6qYbbygvWCht1Z8IdVVG/MI8oKIBRT9XrBsMo864Zfi2DTvb4K1k
-----END PRIVATE KEY-----
"""

    static func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }
}

/// `wss`: the stream core's client over TLS, against a scripted server with a test certificate.
@Suite("FeedStream over TLS (wss)", .timeLimit(.minutes(1)))
struct FeedStreamTLSTests {
    /// Runs `body` with HTTP (tokens) and a TLS WebSocket server whose bullet points at `wss://localhost`.
    func withTLSServers(_ body: (ScriptedHTTPServer, ScriptedWebSocketServer) async throws -> Void) async throws {
        try await withScriptedHTTPServer { http in
            let ws = try await ScriptedWebSocketServer.start(tls: try TestTLS.serverContext())
            do {
                #expect(ws.url.hasPrefix("wss://localhost:"))
                TokenIssuer().install(on: http, webSocketURL: ws.url)
                try await body(http, ws)
            } catch {
                try? await ws.shutdown()
                throw error
            }
            try await ws.shutdown()
        }
    }

    @Test("with the test authority trusted, a wss stream handshakes, subscribes and delivers in order")
    func trusted() async throws {
        try await withTLSServers { http, ws in
            ws.onConnection { await VenueScript().run($0) }
            var configuration = FeedConfiguration.loopbackTesting
            configuration.additionalTrustRoots = [TestTLS.certificatePEM]
            try await withFeed(TestStreamVenue(httpURL: http.baseURL), [.trades("A")], configuration: configuration) { _, events in
                let connection = try await ws.waitForConnections(1)[0]
                try await events.wait(for: "subscribed") { $0.count("subscribed") == 1 }
                try await connection.sendBatch((1...50).map { trade("A", id: "\($0)") })
                let seen = try await events.wait(for: "50 trades") { $0.trades.count == 50 }
                #expect(seen.trades.map(\.tradeID) == (1...50).map(String.init))
                #expect(seen.count("disconnected") == 0)
            }
        }
    }

    @Test("an untrusted certificate fails the dial with a TLS reason, and the stream keeps trying")
    func untrusted() async throws {
        try await withTLSServers { http, ws in
            ws.onConnection { await VenueScript().run($0) }
            try await withFeed(TestStreamVenue(httpURL: http.baseURL), [.trades("A")]) { _, events in
                let seen = try await events.wait(for: "two failed dials") { $0.count("disconnected") >= 2 }
                let reasons = seen.disconnectReasons
                #expect(reasons.allSatisfy { $0 == "connection failed: TLS with localhost failed: CERTIFICATE_VERIFY_FAILED" }, "\(reasons)")
                #expect(seen.count("connected") == 0)
            }
        }
    }

    @Test("a trust root that is not PEM fails the dial with a message naming it")
    func badTrustRoot() async throws {
        try await withTLSServers { http, ws in
            ws.onConnection { await VenueScript().run($0) }
            var configuration = FeedConfiguration.loopbackTesting
            configuration.additionalTrustRoots = ["not a certificate"]
            try await withFeed(TestStreamVenue(httpURL: http.baseURL), [.trades("A")], configuration: configuration) { _, events in
                let seen = try await events.wait(for: "a failed dial") { $0.count("disconnected") >= 1 }
                let reason = seen.disconnectReasons.first ?? ""
                #expect(reason.contains("additional trust root 1 is not a PEM certificate"), "\(reason)")
            }
        }
    }
}
