import FuzzDriver

/// The executable's entry point (see `runFuzzer`).
@_cdecl("FuzzKuCoinFuturesDecoder_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzKuCoinFuturesDecoder($0, $1) }
}
