import ExchangeKit
import KuCoinFutures

/// libFuzzer entry: one input is one WebSocket text frame for the KuCoin Futures decoder.
///
/// Beyond "no crash", it checks the decoder's contract: every frame gives at least one message,
/// and a decode failure's excerpt stays bounded whatever the frame's size.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKuCoinFuturesDecoder(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var output: [StreamMessage] = []
    KuCoinFuturesDecoder.decode(UnsafeRawBufferPointer(start: data, count: count), into: &output)
    precondition(!output.isEmpty, "a frame gave no message at all")
    for message in output {
        if case .event(_, _, .decodeFailure(_, let excerpt)) = message {
            precondition(excerpt.utf8.count <= 1024, "an unbounded excerpt")
        }
    }
    return 0
}
