import ExchangeKit
import Foundation
import Testing

@Suite("Timestamps and HTTP dates")
struct TimestampTests {
    @Test("units convert to nanoseconds without Double")
    func units() {
        #expect(Timestamp(milliseconds: 1_729_100_692_873).nanoseconds == 1_729_100_692_873_000_000)
        #expect(Timestamp(seconds: 1_700_000_000).milliseconds == 1_700_000_000_000)
        #expect(Timestamp(nanoseconds: 1_700_137_607_661_694_201).nanoseconds % 10 == 1)
        #expect(Timestamp(microseconds: 5).nanoseconds == 5_000)
        #expect(Timestamp(seconds: 10).advanced(by: .milliseconds(1500)).milliseconds == 11_500)
        #expect(Timestamp(seconds: 10).duration(since: Timestamp(seconds: 4)) == .seconds(6))
        // Out-of-range values saturate instead of wrapping into a plausible wrong time.
        #expect(Timestamp(milliseconds: .max / 10).nanoseconds == .max)
        #expect(Timestamp(seconds: .min / 10).nanoseconds == .min)
    }

    @Test("HTTP Date headers parse and format")
    func httpDate() throws {
        let parsed = try #require(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(parsed.seconds == 784_111_777)
        #expect(HTTPDate.format(parsed) == "Sun, 06 Nov 1994 08:49:37 GMT")
        let leap = try #require(HTTPDate.parse("Thu, 29 Feb 2024 23:59:59 GMT"))
        #expect(HTTPDate.format(leap) == "Thu, 29 Feb 2024 23:59:59 GMT")
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 25:49:37 GMT") == nil)
        #expect(HTTPDate.parse("") == nil)
        let now = Timestamp.now()
        #expect(HTTPDate.parse(HTTPDate.format(now))?.seconds == now.seconds)
    }
}
