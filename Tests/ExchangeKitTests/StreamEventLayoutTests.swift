import ExchangeKit
import Testing

/// Every event is copied several times between the socket and the consumer; its size is part of
/// the streaming core's cost per frame (Benchmarks/README.md). These bounds keep a new inline
/// payload case from silently making every event larger: a large, rare case belongs `indirect`.
@Suite("Stream event layout")
struct StreamEventLayoutTests {
    @Test("StreamEvent, its payload and StreamMessage stay within their size budgets")
    func sizes() {
        let payload = MemoryLayout<StreamEvent.Payload>.size
        let event = MemoryLayout<StreamEvent>.size
        let message = MemoryLayout<StreamMessage>.size
        // The largest inline cases are the trade (its three ids inline, 26 bytes each: no
        // allocation when decoding) and the ticker; the payload is the larger plus its case tag.
        let largest = max(MemoryLayout<Ticker>.size, MemoryLayout<Trade>.size)
        #expect(payload <= largest + 8, "payload \(payload) bytes")
        #expect(payload <= 192, "payload \(payload) bytes")
        #expect(event <= 264, "event \(event) bytes")
        #expect(message <= 256, "message \(message) bytes")
    }
}
