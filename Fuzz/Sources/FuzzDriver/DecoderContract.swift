import ExchangeKit

/// Runs a venue decoder over one input and checks its contract beyond "no crash": a decode
/// failure's excerpt stays bounded whatever the size. (An empty result can be right — a Binance
/// account update with no balance or position — so silence is the synthetic checks' business.)
public func checkDecoder(
    _ data: UnsafePointer<UInt8>, _ count: Int, _ decode: (UnsafeRawBufferPointer, inout [StreamMessage]) -> Void
) -> CInt {
    var output: [StreamMessage] = []
    decode(UnsafeRawBufferPointer(start: data, count: count), &output)
    for message in output {
        if case .event(_, _, .decodeFailure(_, let excerpt)) = message {
            precondition(excerpt.utf8.count <= 1024, "an unbounded excerpt")
        }
    }
    return 0
}
