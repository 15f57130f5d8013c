import FuzzDriver
import KuCoinSpot

/// libFuzzer entry: one input is one WebSocket text frame for the KuCoinSpot decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKuCoinSpotDecoder(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    checkDecoder(data, count) { KuCoinSpotDecoder.decode($0, into: &$1) }
}
