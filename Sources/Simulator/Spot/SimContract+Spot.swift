import Foundation

// A spot pair reuses the contract's grid: prices in ticks of the price increment, sizes in
// "lots" of the base increment (the multiplier, always a power of ten here), so the same
// `SimMarket` walk drives a spot book whose sizes are exact base-currency amounts.
extension SimContract {
    /// The spot pair for a symbol: known ones with KuCoin's price increment, others as a generic `BASE-QUOTE` pair.
    ///
    /// The base increment is coarser than KuCoin's (0.0001 BTC rather than 0.00000001), so the
    /// synthetic book's levels hold sizes people trade.
    static func spotPair(_ symbol: String) -> SimContract {
        let parts = symbol.split(separator: "-", maxSplits: 1).map(String.init)
        let base = parts.first ?? symbol
        let quote = parts.count > 1 ? parts[1] : "USDT"
        switch symbol {
        case "BTC-USDT": return SimContract(symbol: symbol, base: base, quote: quote, priceDecimals: 1, multiplier: "0.0001", startTicks: 909_000)
        case "ETH-USDT": return SimContract(symbol: symbol, base: base, quote: quote, priceDecimals: 2, multiplier: "0.001", startTicks: 300_000)
        case "SOL-USDT": return SimContract(symbol: symbol, base: base, quote: quote, priceDecimals: 3, multiplier: "0.01", startTicks: 150_000)
        default: return SimContract(symbol: symbol, base: base, quote: quote, priceDecimals: 2, multiplier: "0.01", startTicks: 10_000)
        }
    }

    /// Digits after the decimal point of the base increment (0.0001 → 4).
    var sizeDecimals: Int { multiplier.split(separator: ".").dropFirst().first?.count ?? 0 }

    /// A size in lots as exact base-currency text: 25 lots of 0.0001 → `0.0025`.
    func size(_ lots: Int64) -> String { Self.fixed(lots, decimals: sizeDecimals) }

    /// A base-currency amount in lots, when it is a positive whole number of increments.
    func lots(_ size: Decimal) -> Int64? { Self.units(size, decimals: sizeDecimals) }

    /// The quote value of `lots` at `ticks`, exact.
    func value(ticks: Int64, lots: Int64) -> Decimal { decimal(ticks: ticks) * Decimal(lots) * multiplierValue }
}
