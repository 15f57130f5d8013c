import FuzzDriver

/// The executable's entry point (see `runFuzzer`).
@_cdecl("FuzzKuCoinSpotDecoder_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzKuCoinSpotDecoder($0, $1) }
}
