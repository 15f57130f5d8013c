import ExchangeKit
import Testing

@Suite("ExchangeError")
struct ExchangeErrorTests {
    @Test("codes classify retryability")
    func retryable() {
        #expect(ExchangeError.rateLimited(retryAfter: .seconds(1)).isRetryable)
        #expect(ExchangeError.transport("reset").isRetryable)
        #expect(ExchangeError.timeout("slow").isRetryable)
        #expect(!ExchangeError.invalidRequest("bad size").isRetryable)
        #expect(!ExchangeError.outcomeUnknown(clientOrderID: "x", message: "?").isRetryable)
        #expect(ExchangeError.authentication(.timestamp, message: "skew").isRetryable)
        #expect(!ExchangeError.authentication(.invalidSignature, message: "bad").isRetryable)
        #expect(ExchangeError.api(code: "500000", message: "internal", httpStatus: 500).isRetryable)
        #expect(!ExchangeError.api(code: "300003", message: "balance", httpStatus: 200).isRetryable)
        #expect(!ExchangeError.unsupported("candles").isRetryable)
    }

    @Test("a caller can match on the code and read the rest")
    func matching() {
        let error: any Error = ExchangeError.outcomeUnknown(clientOrderID: "abc-1", venue: "kucoin-futures", message: "timed out")
        guard let error = error as? ExchangeError, error.code == .outcomeUnknown else {
            Issue.record("not matched")
            return
        }
        #expect(error.clientOrderID == "abc-1")
        #expect(error.venue == "kucoin-futures")
        #expect(error.shortDescription == "kucoin-futures: outcomeUnknown")
        #expect("\(error)".contains("clientOrderID=abc-1"))
    }

    @Test("decoding excerpts keep at most 256 bytes, even of invalid UTF-8")
    func excerpt() {
        let long = [UInt8](repeating: 0xE2, count: 10_000)
        let error = ExchangeError.decoding("bad", input: long)
        #expect((error.excerpt?.utf8.count ?? 0) <= 256)
        #expect(error.excerpt?.hasSuffix("…") == true)
        #expect(ExchangeError.decoding("bad", input: Array("short".utf8)).excerpt == "short")
    }
}
