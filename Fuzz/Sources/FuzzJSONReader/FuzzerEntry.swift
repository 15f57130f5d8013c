import FuzzDriver

/// The executable's entry point (see `runFuzzer`).
@_cdecl("FuzzJSONReader_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { fuzzJSONReader($0, $1) }
}
