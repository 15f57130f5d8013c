import Foundation

/// A contract the simulator makes a market in, with KuCoin Futures' conventions:
/// prices on a tick grid, sizes in whole lots, a multiplier from lots to base currency.
struct SimContract: Sendable {
    var symbol: String
    var base: String
    var quote: String
    /// Digits after the decimal point of a price (0.1 → 1).
    var priceDecimals: Int
    /// Base currency per lot, as text (`0.001`).
    var multiplier: String
    /// Where the random walk starts, in ticks.
    var startTicks: Int64

    /// The tick size as text (`0.1`).
    var tickSize: String { priceDecimals == 0 ? "1" : "0." + String(repeating: "0", count: priceDecimals - 1) + "1" }

    /// A price in ticks as its exact text: 909001 → `90900.1`.
    func price(_ ticks: Int64) -> String { Self.fixed(ticks, decimals: priceDecimals) }

    /// A count of units of 10^-`decimals` as exact text, trailing zeros dropped: (909001, 1) → `90900.1`.
    static func fixed(_ units: Int64, decimals: Int) -> String {
        guard decimals > 0 else { return String(units) }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = units / scale
        var fraction = String(units % scale)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }

    /// The contract for a symbol: known ones as KuCoin lists them, others as a generic USDT perpetual.
    static func named(_ symbol: String) -> SimContract {
        switch symbol {
        case "XBTUSDTM": return SimContract(symbol: symbol, base: "XBT", quote: "USDT", priceDecimals: 1, multiplier: "0.001", startTicks: 909_000)
        case "ETHUSDTM": return SimContract(symbol: symbol, base: "ETH", quote: "USDT", priceDecimals: 2, multiplier: "0.01", startTicks: 300_000)
        case "SOLUSDTM": return SimContract(symbol: symbol, base: "SOL", quote: "USDT", priceDecimals: 3, multiplier: "0.1", startTicks: 150_000)
        default:
            let base = symbol.hasSuffix("USDTM") ? String(symbol.dropLast(5)) : symbol
            return SimContract(symbol: symbol, base: base, quote: "USDT", priceDecimals: 2, multiplier: "1", startTicks: 10_000)
        }
    }
}
