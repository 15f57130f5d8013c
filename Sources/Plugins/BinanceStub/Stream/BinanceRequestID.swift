import ExchangeKit

/// Binance's request ids are unsigned integers (a string id is refused with code 2), while the
/// runner's ids are `connection.epoch.counter` text: this packs the three numbers into one
/// integer and unpacks the echo, so the decoder stays a pure function of the frame.
enum BinanceRequestID {
    static let epochScale: UInt64 = 1_000_000_000
    static let connectionScale: UInt64 = 1_000_000_000_000_000

    /// The integer for a runner id, or nil when it is not three numbers in range.
    static func number(for id: String) -> UInt64? {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false).map { UInt64($0) }
        guard parts.count == 3, let connection = parts[0], let epoch = parts[1], let counter = parts[2],
              connection < 9_000, epoch < connectionScale / epochScale, counter < epochScale else { return nil }
        return connection * connectionScale + epoch * epochScale + counter
    }

    /// The runner id an echoed integer stands for.
    static func id(for number: UInt64) -> String {
        "\(number / connectionScale).\((number % connectionScale) / epochScale).\(number % epochScale)"
    }
}
