import FuzzDriver
import BinanceStub

/// libFuzzer entry: one input is one WebSocket text frame for the Binance decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinanceDecoder(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    checkDecoder(data, count) { BinanceDecoder.decode($0, into: &$1) }
}
