import ArgumentParser
import ExchangeKit
import Foundation

/// How events are printed.
enum EventFormat: String, ExpressibleByArgument, CaseIterable {
    /// One JSON object per line (DESIGN.md "The runner's JSON lines").
    case jsonl
    /// One aligned line of text per event, for people.
    case pretty
}

/// Turns events into output lines, reusing one buffer.
struct EventLineWriter {
    var format: EventFormat
    private var json = JSONWriter(capacity: 1024)

    init(format: EventFormat) { self.format = format }

    mutating func write(_ event: StreamEvent, to sink: OutputSink) {
        switch format {
        case .jsonl:
            json.reset()
            event.writeJSON(into: &json)
            json.bytes.append(UInt8(ascii: "\n"))
            sink.write(json.bytes)
        case .pretty:
            sink.line(Self.pretty(event))
        }
    }

    /// `12:00:01.250 trade    XBTUSDTM buy 3 @ 96123.5`
    static func pretty(_ event: StreamEvent) -> String {
        let time = event.exchangeTime ?? event.receiveTime
        let kind = event.payload.kind.padding(toLength: 14, withPad: " ", startingAt: 0)
        let symbol = (event.symbol ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0)
        let text: String
        let d = DecimalText.string
        switch event.payload {
        case .trade(let trade): text = "\(trade.side.rawValue) \(d(trade.size)) @ \(d(trade.price))"
        case .ticker(let ticker): text = "\(d(ticker.bidSize)) \(d(ticker.bid)) / \(d(ticker.ask)) \(d(ticker.askSize))"
        case .book(let update) where update.action == .snapshot:
            text = "snapshot seq \(update.sequence): \(update.bids.count) bids, \(update.asks.count) asks"
                + (update.bids.first.map { ", best bid \(d($0.price))" } ?? "") + (update.asks.first.map { ", best ask \(d($0.price))" } ?? "")
        case .book(let update):
            let changes = update.bids.map { "bid \(d($0.price)) × \(d($0.size))" } + update.asks.map { "ask \(d($0.price)) × \(d($0.size))" }
            text = "delta seq \(update.sequence): " + changes.joined(separator: ", ")
        case .order(let update):
            text = "\(update.order.orderID) \(update.order.side.rawValue) \(update.order.status.rawValue) filled \(d(update.order.filledSize))/\(d(update.order.size))"
        case .position(let position): text = "size \(d(position.size)) entry \(d(position.entryPrice))"
        case .balance(let balance): text = "\(balance.currency) available \(d(balance.available))"
        case .candle(let candle): text = "O \(d(candle.open)) H \(d(candle.high)) L \(d(candle.low)) C \(d(candle.close)) V \(d(candle.volume))"
        case .markPrice(let mark): text = "mark \(d(mark.value))" + (mark.indexPrice.map { " index \(d($0))" } ?? "")
        case .fundingRate(let funding): text = "rate \(d(funding.rate))"
        case .disconnected(let reason): text = reason
        case .subscribed(let subscription): text = subscription.description
        case .subscriptionFailed(let subscription, let reason): text = "\(subscription): \(reason)"
        case .gap(let expected, let received): text = "expected \(expected), received \(received)"
        case .stale(let silence): text = "silent for \(silence)"
        case .decodeFailure(let error, _): text = error
        case .rateLimited(let reason): text = reason
        case .unhandled(let topic, let subject): text = topic + (subject.map { " \($0)" } ?? "")
        case .dropped(let count): text = "\(count) events dropped"
        case .connected, .reconnected, .rotated, .resynced, .crossedBook: text = "epoch \(event.epoch)"
        }
        return "\(clock(time)) \(kind) \(symbol) \(text)"
    }

    private static func clock(_ time: Timestamp) -> String {
        let milliseconds = time.nanoseconds / 1_000_000
        let daySeconds = (milliseconds / 1000) % 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = milliseconds % 1000
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(two(daySeconds / 3600)):\(two(daySeconds / 60 % 60)):\(two(daySeconds % 60)).\(millisText)"
    }
}
