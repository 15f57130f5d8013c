import ExchangeKit

/// Binance's stream name and route for a subscription (PROTOCOL.md §8, §10).
///
/// | subscription | stream | route |
/// |---|---|---|
/// | `.trades(s)` | `s@aggTrade` | `/market` |
/// | `.ticker(s)` | `s@bookTicker` | `/public` |
/// | `.book(s)` | `s@depth@100ms` (diff, synchronised) | `/public` |
/// | `.book(s, depth: 5/10/20)` | `s@depth<N>@100ms` (top-N snapshots) | `/public` |
/// | `.candles(s, interval:)` | `s@kline_<i>` | `/market` |
/// | `.markPrice(s)`, `.fundingRate(s)` | `s@markPrice@1s`; with interval 3 s `s@markPrice` | `/market` |
/// | `ticker_24h` (s) | `s@ticker` | `/market` |
/// | `liquidations` (s) | `s@forceOrder` | `/market` |
/// | `.orders()`, `.positions()`, `.balance()` | the listenKey | `/private` |
public enum BinanceStreamName {
    /// The book-data route.
    public static let publicRoute = StreamRoute("public", isPrivate: false)
    /// Every other market stream's route.
    public static let marketRoute = StreamRoute("market", isPrivate: false)
    /// The user data route.
    public static let privateRoute = StreamRoute("private", isPrivate: true)

    /// Rolling 24-hour statistics, delivered as a 24-hour ``Candle``.
    public static let ticker24h: Capabilities.Channel = "ticker_24h"
    /// Liquidation orders, delivered as ``Trade``s.
    public static let liquidations: Capabilities.Channel = "liquidations"

    /// The stream name (nil on the private route, which needs none) and route, or nil when Binance has no such stream.
    public static func stream(for subscription: Subscription) -> (name: String?, route: StreamRoute)? {
        switch subscription.channel {
        case .orders, .positions, .balance:
            return (nil, privateRoute)
        default:
            break
        }
        guard let symbol = subscription.symbol?.lowercased(), !symbol.isEmpty else { return nil }
        switch subscription.channel {
        case .trades:
            return ("\(symbol)@aggTrade", marketRoute)
        case .ticker:
            return ("\(symbol)@bookTicker", publicRoute)
        case .book:
            switch subscription.depth {
            case nil: return ("\(symbol)@depth@100ms", publicRoute)
            case let depth? where [5, 10, 20].contains(depth): return ("\(symbol)@depth\(depth)@100ms", publicRoute)
            default: return nil
            }
        case .candles:
            guard let interval = subscription.interval, let name = BinanceVocabulary.interval(interval) else { return nil }
            return ("\(symbol)@kline_\(name)", marketRoute)
        case .markPrice, .fundingRate:
            return (subscription.interval == .seconds(3) ? "\(symbol)@markPrice" : "\(symbol)@markPrice@1s", marketRoute)
        case ticker24h:
            return ("\(symbol)@ticker", marketRoute)
        case liquidations:
            return ("\(symbol)@forceOrder", marketRoute)
        default:
            return nil
        }
    }

    /// The depth of a partial-book stream name (`btcusdt@depth5@100ms` → 5), nil for the diff stream and others.
    static func partialDepth(_ name: JSONString) -> Int? {
        let bytes = name.rawBytes
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return nil }
        let rest = bytes[(at + 1)...]
        let prefix = Array("depth".utf8)
        guard rest.starts(with: prefix) else { return nil }
        var value = 0
        var index = rest.startIndex + prefix.count
        while index < rest.endIndex, rest[index] >= UInt8(ascii: "0"), rest[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(rest[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value == 0 ? nil : value
    }
}
