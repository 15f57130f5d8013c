import ExchangeKitTesting

/// Every venue profile the suite knows. A venue listed in Plugins.yaml needs one here (one
/// line) and fixtures in `Fixtures/<Plugin>/`; the suite says what is missing otherwise.
let conformanceProfiles: [any ConformanceProfile] = [
    KuCoinFuturesProfile(),
    KuCoinSpotProfile(),
    BinanceStubProfile(),
]
