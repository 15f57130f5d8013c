import FuzzDriver

/// The executable's entry point (see `runFuzzer`).
@_cdecl("FuzzBinanceDecoder_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzBinanceDecoder($0, $1) }
}
