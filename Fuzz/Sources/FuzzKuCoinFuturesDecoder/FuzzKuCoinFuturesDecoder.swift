import FuzzDriver
import KuCoinFutures

/// libFuzzer entry: one input is one WebSocket text frame for the KuCoin Futures decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKuCoinFuturesDecoder(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    checkDecoder(data, count) { KuCoinFuturesDecoder.decode($0, into: &$1) }
}
