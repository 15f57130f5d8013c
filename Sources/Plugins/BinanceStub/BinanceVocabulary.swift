import ExchangeKit
import Foundation

/// Binance's words for sides, order types, statuses and intervals, both ways.
enum BinanceVocabulary {
    static func side(_ text: String) throws(ExchangeError) -> Side {
        switch text {
        case "BUY": return .buy
        case "SELL": return .sell
        default: throw ExchangeError.decoding("side \"\(text)\" is neither BUY nor SELL", input: [], venue: nil)
        }
    }

    static func wire(_ side: Side) -> String { side == .buy ? "BUY" : "SELL" }

    /// Order types, including the conditional ones older order objects still show.
    static func orderType(_ text: String) throws(ExchangeError) -> OrderType {
        switch text {
        case "LIMIT": return .limit
        case "MARKET": return .market
        case "STOP": return .stopLimit
        case "STOP_MARKET", "TRAILING_STOP_MARKET": return .stopMarket
        case "TAKE_PROFIT": return .takeProfitLimit
        case "TAKE_PROFIT_MARKET": return .takeProfitMarket
        default: throw ExchangeError.decoding("unknown order type \"\(text)\"", input: [], venue: nil)
        }
    }

    static func wire(_ type: OrderType) -> String {
        switch type {
        case .limit: "LIMIT"
        case .market: "MARKET"
        case .stopLimit: "STOP"
        case .stopMarket: "STOP_MARKET"
        case .takeProfitLimit: "TAKE_PROFIT"
        case .takeProfitMarket: "TAKE_PROFIT_MARKET"
        }
    }

    /// Order statuses; an expired order (by its time in force or self-trade prevention) reads as cancelled.
    static func status(_ text: String) throws(ExchangeError) -> Order.Status {
        switch text {
        case "NEW": return .open
        case "PARTIALLY_FILLED": return .partiallyFilled
        case "FILLED": return .filled
        case "CANCELED", "EXPIRED", "EXPIRED_IN_MATCH": return .canceled
        case "REJECTED": return .rejected
        default: throw ExchangeError.decoding("unknown order status \"\(text)\"", input: [], venue: nil)
        }
    }

    /// Kline intervals (PROTOCOL.md §6); `1M` is a calendar month and has no fixed length, so it is left out.
    static let intervals: [(Duration, String)] = [
        (.seconds(60), "1m"), (.seconds(180), "3m"), (.seconds(300), "5m"), (.seconds(900), "15m"), (.seconds(1800), "30m"),
        (.seconds(3600), "1h"), (.seconds(7200), "2h"), (.seconds(14400), "4h"), (.seconds(21600), "6h"), (.seconds(28800), "8h"),
        (.seconds(43200), "12h"), (.seconds(86400), "1d"), (.seconds(259_200), "3d"), (.seconds(604_800), "1w"),
    ]

    static func interval(_ duration: Duration) -> String? { intervals.first { $0.0 == duration }?.1 }

    static func interval(named name: String) -> Duration? { intervals.first { $0.1 == name }?.0 }

    /// Binance writes an absent price as zero.
    static func nonZero(_ value: Decimal?) -> Decimal? {
        guard let value, value != 0 else { return nil }
        return value
    }
}
