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
        // The largest inline case is the ticker; the payload is that plus its case tag.
        #expect(payload <= MemoryLayout<Ticker>.size + 8, "payload \(payload) bytes")
        #expect(event <= 256, "event \(event) bytes")
        #expect(message <= 256, "message \(message) bytes")
    }
}
