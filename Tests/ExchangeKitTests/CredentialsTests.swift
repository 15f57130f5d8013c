import ExchangeKit
import Testing

@Suite("Credentials never show their secrets")
struct CredentialsTests {
    static let secret = "s3cr3t-VALUE-9f8e7d"
    static let passphrase = "pass-PHRASE-1a2b3c"
    let credentials = Credentials(key: "64f0c0ffee1234", secret: secret, passphrase: passphrase)

    @Test("description, debugDescription, dump, interpolation and mirrors hide secret and passphrase")
    func redacted() {
        var dumped = ""
        dump(credentials, to: &dumped)
        var dumpedSecret = ""
        dump(credentials.secret, to: &dumpedSecret)
        let texts = [
            credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials),
            dumped, dumpedSecret, "\(credentials.secret)", String(reflecting: credentials.passphrase as Any),
            "\(Mirror(reflecting: credentials).children.map { "\($0.label ?? ""): \($0.value)" })",
        ]
        for text in texts {
            #expect(!text.contains(Self.secret), "secret leaked in: \(text)")
            #expect(!text.contains(Self.passphrase), "passphrase leaked in: \(text)")
            #expect(!text.contains("64f0c0ffee1234"), "full key shown in: \(text)")
        }
        #expect(credentials.description.contains("64f0"))
        #expect(credentials.secret.withUnredactedValue { $0 } == Self.secret)
    }

    @Test("reading from the environment names the missing variable, not any value")
    func environment() throws {
        let env = ["KC_KEY": "key-1", "KC_SECRET": Self.secret]
        do {
            _ = try Credentials.environment("KC", from: env)
            Issue.record("expected an error")
        } catch let error as ExchangeError {
            #expect(error.code == .configuration)
            #expect(error.message.contains("KC_PASSPHRASE"))
            #expect(!"\(error)".contains(Self.secret))
        }
        let noPassphrase = try Credentials.environment("KC", passphrase: false, from: env)
        #expect(noPassphrase.key == "key-1")
        #expect(noPassphrase.passphrase == nil)
    }
}
