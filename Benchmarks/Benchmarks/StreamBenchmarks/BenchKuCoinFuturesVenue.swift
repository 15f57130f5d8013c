import Foundation
import ExchangeKit

/// A KuCoin Futures stream venue for the benchmarks: public channels only, frames read with
/// ExchangeKit's on-demand `JSONReader` (no Foundation JSON, no intermediate tree).
///
/// Topics: `/contractMarket/execution:SYM` (subject `match`) → `.trade`,
/// `/contractMarket/tickerV2:SYM` → `.ticker`, `/contractMarket/level2:SYM`
/// (`{"sequence":N,"change":"price,side,size"}`) → a `.bookDelta` with one change;
/// `welcome`, `ack`, `pong` and `error` control frames. The endpoint is a fixed URL (no
/// token request) and the book snapshot comes from a closure, so a benchmark can hand out a
/// synthetic one without HTTP.
struct BenchKuCoinFuturesVenue: StreamVenue {
    let id: VenueID = "bench-kucoin-futures"
    /// KuCoin's limits: 100 topics per connection, 100 client messages per 10 s.
    let limits = StreamLimits(subscriptionsPerConnection: 100, outboundMessages: 100, outboundWindow: .seconds(10), reservedForHeartbeat: 5)
    /// KuCoin Futures level2: each delta's sequence is the previous + 1.
    let bookSequenceRule = BookSequenceRule.contiguous

    /// The WebSocket URL every dial uses (`ws://127.0.0.1:PORT` in the loopback benchmarks).
    let webSocketURL: String
    /// KuCoin's ping interval is 18 s; silence is treated as death after `timeout`.
    let heartbeat: Heartbeat
    /// Produces the book snapshot for a symbol.
    let snapshot: @Sendable (String) async throws -> OrderBookSnapshot

    init(
        webSocketURL: String = "ws://127.0.0.1:9",
        heartbeat: Heartbeat = Heartbeat(interval: .seconds(18), timeout: .seconds(60)),
        snapshot: @escaping @Sendable (String) async throws -> OrderBookSnapshot = { symbol in
            throw ExchangeError.unsupported("bookSnapshot(\(symbol))", venue: "bench-kucoin-futures")
        }
    ) {
        self.webSocketURL = webSocketURL
        self.heartbeat = heartbeat
        self.snapshot = snapshot
    }

    func isPrivate(_ subscription: Subscription) -> Bool { false }

    func endpoint(private: Bool) async throws -> StreamEndpoint {
        StreamEndpoint(url: webSocketURL + "/?token=bench&connectId=bench", handshake: .welcome(timeout: .seconds(10)), heartbeat: heartbeat)
    }

    /// The topic of a subscription; channels this venue does not carry get a topic KuCoin refuses.
    static func topic(_ subscription: Subscription) -> String {
        let symbol = subscription.symbol ?? ""
        switch subscription.channel {
        case .trades: return "/contractMarket/execution:\(symbol)"
        case .ticker: return "/contractMarket/tickerV2:\(symbol)"
        case .book where subscription.depth == nil: return "/contractMarket/level2:\(symbol)"
        default: return "/unsupported/\(subscription.channel.name):\(symbol)"
        }
    }

    func subscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        requests("subscribe", subscriptions, ids: &ids)
    }

    func unsubscribeRequests(_ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        requests("unsubscribe", subscriptions, ids: &ids)
    }

    private func requests(_ type: String, _ subscriptions: [Subscription], ids: inout RequestIDs) -> [StreamRequest] {
        subscriptions.map { subscription in
            let id = ids.next()
            let text = #"{"id":"\#(id)","type":"\#(type)","topic":"\#(Self.topic(subscription))","privateChannel":false,"response":true}"#
            return StreamRequest(id: id, text: text, subscriptions: [subscription])
        }
    }

    func pingMessage(id: String) -> String? { #"{"id":"\#(id)","type":"ping"}"# }

    func bookSnapshot(symbol: String) async throws -> OrderBookSnapshot { try await snapshot(symbol) }

    // MARK: - Decoding

    enum FrameType { case unknown, message, welcome, ack, pong, error, other }
    enum Channel { case execution, tickerV2, level2, other }

    /// How decoding a `data` member went. Small on purpose: the decoded message itself goes
    /// straight into the output array, never through an intermediate value (a `StreamMessage`
    /// is over 300 bytes, and every copy of it is a memmove).
    enum DataStatus {
        case decoded
        case missing(StaticString)
        case invalid(StaticString)
        case notHandled
    }

    func decode(text frame: UnsafeRawBufferPointer, into output: inout [StreamMessage]) {
        let start = output.count
        do throws(JSONReaderError) {
            var reader = JSONReader(frame)
            try reader.beginObject()
            var type = FrameType.unknown
            var typeText: JSONString?
            var channel: Channel?
            var topic: JSONString?
            var symbol: String?
            var subject: JSONString?
            var id: String?
            var code: String?
            var errorText: String?
            var status: DataStatus?
            var dataStart: Int?
            while let key = try reader.nextKey() {
                if key.equals("type") {
                    let value = try reader.readStringBytes()
                    typeText = value
                    type = Self.frameType(value)
                } else if key.equals("topic") {
                    let value = try reader.readStringBytes()
                    topic = value
                    (channel, symbol) = Self.parseTopic(value)
                } else if key.equals("data") {
                    if try reader.peekKind() == .string {
                        errorText = try reader.readString()
                    } else if let channel, let symbol, type == .message || type == .unknown {
                        status = try Self.decodeData(&reader, channel: channel, symbol: symbol, into: &output)
                    } else {
                        // The topic comes later (KuCoin sends it first, but JSON does not promise order).
                        dataStart = reader.offset
                        try reader.skipValue()
                    }
                } else if key.equals("subject") {
                    subject = try reader.readStringBytes()
                } else if key.equals("id") {
                    id = try Self.readText(&reader)
                } else if key.equals("code") {
                    code = try Self.readText(&reader)
                } else {
                    try reader.skipValue()
                }
            }
            try reader.finish()

            if type != .message, output.count > start {
                // A `data` object decoded before a `type` that turned out not to be a message.
                output.removeSubrange(start...)
            }
            switch type {
            case .message:
                guard let channel, let symbol else {
                    output.append(.event(symbol: nil, exchangeTime: nil, payload: .unhandled(
                        topic: topic?.string ?? "", subject: subject?.string)))
                    return
                }
                if status == nil, let dataStart {
                    var rest = JSONReader(UnsafeRawBufferPointer(rebasing: frame[dataStart...]))
                    status = try Self.decodeData(&rest, channel: channel, symbol: symbol, into: &output)
                }
                switch status {
                case .decoded?:
                    return
                case .missing(let field)?:
                    output.append(Self.failure("\(channel) frame without \(field)", frame))
                case .invalid(let field)?:
                    output.append(Self.failure("\(channel) frame with an invalid \(field)", frame))
                case .notHandled?, nil:
                    output.append(.event(symbol: symbol, exchangeTime: nil, payload: .unhandled(
                        topic: topic?.string ?? "", subject: subject?.string)))
                }
            case .welcome:
                output.append(.welcome)
            case .ack:
                output.append(.ack(id: id ?? ""))
            case .pong:
                output.append(.pong)
            case .error:
                output.append(.requestFailed(id: id, code: code, message: errorText ?? "error"))
            case .other, .unknown:
                output.append(.event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: typeText?.string ?? "", subject: subject?.string)))
            }
        } catch {
            if output.count > start { output.removeSubrange(start...) }
            output.append(.event(symbol: nil, exchangeTime: nil, payload: .decodeFailure(
                error: error.description, excerpt: ExchangeError.excerpt(of: frame))))
        }
    }

    private static func failure(_ error: String, _ frame: UnsafeRawBufferPointer) -> StreamMessage {
        .event(symbol: nil, exchangeTime: nil, payload: .decodeFailure(error: error, excerpt: ExchangeError.excerpt(of: frame)))
    }

    private static func frameType(_ value: JSONString) -> FrameType {
        if value.equals("message") { return .message }
        if value.equals("ack") { return .ack }
        if value.equals("pong") { return .pong }
        if value.equals("welcome") { return .welcome }
        if value.equals("error") { return .error }
        return .other
    }

    /// Splits `/contractMarket/execution:XBTUSDTM` into its channel and symbol.
    private static func parseTopic(_ value: JSONString) -> (Channel?, String?) {
        let raw = value.rawBytes
        guard !value.hasEscapes, let colon = raw.lastIndex(of: UInt8(ascii: ":")), colon + 1 < raw.count else {
            return (.other, nil)
        }
        let prefix = UnsafeRawBufferPointer(rebasing: raw[..<colon])
        let symbol = String(decoding: UnsafeRawBufferPointer(rebasing: raw[(colon + 1)...]), as: UTF8.self)
        if bytes(prefix, equal: "/contractMarket/execution") { return (.execution, symbol) }
        if bytes(prefix, equal: "/contractMarket/level2") { return (.level2, symbol) }
        if bytes(prefix, equal: "/contractMarket/tickerV2") { return (.tickerV2, symbol) }
        return (.other, symbol)
    }

    private static func bytes(_ raw: UnsafeRawBufferPointer, equal literal: StaticString) -> Bool {
        literal.withUTF8Buffer { text in
            text.count == raw.count && (text.isEmpty || memcmp(raw.baseAddress!, text.baseAddress!, text.count) == 0)
        }
    }

    /// A string or number value as text (ids and codes come as either).
    private static func readText(_ reader: inout JSONReader) throws(JSONReaderError) -> String? {
        switch try reader.peekKind() {
        case .string:
            return try reader.readString()
        case .number:
            return String(decoding: try reader.readNumberBytes(), as: UTF8.self)
        default:
            try reader.skipValue()
            return nil
        }
    }

    private static func decodeData(_ reader: inout JSONReader, channel: Channel, symbol: String,
                                   into output: inout [StreamMessage]) throws(JSONReaderError) -> DataStatus {
        switch channel {
        case .execution: return try decodeExecution(&reader, symbol: symbol, into: &output)
        case .tickerV2: return try decodeTicker(&reader, symbol: symbol, into: &output)
        case .level2: return try decodeLevel2(&reader, symbol: symbol, into: &output)
        case .other:
            try reader.skipValue()
            return .notHandled
        }
    }

    /// `{"symbol","sequence","side","size","price","takerOrderId","makerOrderId","tradeId","ts"(ns)}`.
    private static func decodeExecution(_ reader: inout JSONReader, symbol: String, into output: inout [StreamMessage]) throws(JSONReaderError) -> DataStatus {
        try reader.beginObject()
        var side: Side?
        var sideInvalid = false
        var price: Decimal?
        var size: Decimal?
        var tradeID: InlineID?
        var takerOrderID: InlineID?
        var makerOrderID: InlineID?
        var sequence: Int64?
        var time: Timestamp?
        // Dispatch on the key's length first: most keys are then told apart by one compare.
        while let key = try reader.nextKey() {
            switch key.count {
            case 2 where key.equals("ts"):
                time = Timestamp(nanoseconds: try reader.readInt64())
            case 4 where key.equals("side"):
                let value = try reader.readStringBytes()
                if value.equals("buy") { side = .buy } else if value.equals("sell") { side = .sell } else { sideInvalid = true }
            case 4 where key.equals("size"):
                size = try reader.readDecimal()
            case 5 where key.equals("price"):
                price = try reader.readDecimal()
            case 7 where key.equals("tradeId"):
                tradeID = try readText(&reader).map { InlineID($0) }
            case 8 where key.equals("sequence"):
                sequence = try reader.readInt64()
            case 12 where key.equals("takerOrderId"):
                takerOrderID = try reader.readInlineID()
            case 12 where key.equals("makerOrderId"):
                makerOrderID = try reader.readInlineID()
            default:
                try reader.skipValue()
            }
        }
        if sideInvalid { return .invalid("side") }
        guard let side else { return .missing("side") }
        guard let price else { return .missing("price") }
        guard let size else { return .missing("size") }
        guard let tradeID else { return .missing("tradeId") }
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .trade(Trade(
            symbol: symbol, price: price, size: size, side: side, id: tradeID,
            makerOrder: makerOrderID, takerOrder: takerOrderID, sequence: sequence, timestamp: time))))
        return .decoded
    }

    /// `{"symbol","sequence","bestBidSize","bestBidPrice","bestAskPrice","bestAskSize","ts"(ns)}`.
    private static func decodeTicker(_ reader: inout JSONReader, symbol: String, into output: inout [StreamMessage]) throws(JSONReaderError) -> DataStatus {
        try reader.beginObject()
        var bid: Decimal?
        var bidSize: Decimal?
        var ask: Decimal?
        var askSize: Decimal?
        var sequence: Int64?
        var time: Timestamp?
        while let key = try reader.nextKey() {
            if key.equals("bestBidPrice") {
                bid = try reader.readDecimal()
            } else if key.equals("bestBidSize") {
                bidSize = try reader.readDecimal()
            } else if key.equals("bestAskPrice") {
                ask = try reader.readDecimal()
            } else if key.equals("bestAskSize") {
                askSize = try reader.readDecimal()
            } else if key.equals("sequence") {
                sequence = try reader.readInt64()
            } else if key.equals("ts") {
                time = Timestamp(nanoseconds: try reader.readInt64())
            } else {
                try reader.skipValue()
            }
        }
        guard let bid else { return .missing("bestBidPrice") }
        guard let bidSize else { return .missing("bestBidSize") }
        guard let ask else { return .missing("bestAskPrice") }
        guard let askSize else { return .missing("bestAskSize") }
        output.append(.event(symbol: symbol, exchangeTime: time, payload: .ticker(Ticker(
            symbol: symbol, bid: bid, bidSize: bidSize, ask: ask, askSize: askSize, sequence: sequence, timestamp: time))))
        return .decoded
    }

    /// `{"sequence":N,"change":"price,side,size","timestamp"(ms)}`.
    private static func decodeLevel2(_ reader: inout JSONReader, symbol: String, into output: inout [StreamMessage]) throws(JSONReaderError) -> DataStatus {
        try reader.beginObject()
        var sequence: Int64?
        var change: BookChange?
        var changeSeen = false
        var time: Timestamp?
        while let key = try reader.nextKey() {
            if key.equals("sequence") {
                sequence = try reader.readInt64()
            } else if key.equals("change") {
                changeSeen = true
                let value = try reader.readStringBytes()
                change = value.hasEscapes ? nil : parseChange(value.rawBytes)
            } else if key.equals("timestamp") {
                time = Timestamp(milliseconds: try reader.readInt64())
            } else {
                try reader.skipValue()
            }
        }
        guard let sequence else { return .missing("sequence") }
        guard changeSeen else { return .missing("change") }
        guard let change else { return .invalid("change") }
        output.append(.bookDelta(BookDelta(symbol: symbol, sequence: .single(sequence), changes: [change], timestamp: time)))
        return .decoded
    }

    /// `price,side,size`, e.g. `90631.2,sell,2`; nil when malformed or the price has no exact key.
    static func parseChange(_ raw: UnsafeRawBufferPointer) -> BookChange? {
        guard let first = raw.firstIndex(of: UInt8(ascii: ",")),
              let second = raw[(first + 1)...].firstIndex(of: UInt8(ascii: ",")) else { return nil }
        let sideBytes = UnsafeRawBufferPointer(rebasing: raw[(first + 1)..<second])
        let side: BookSide
        if bytes(sideBytes, equal: "buy") { side = .bid } else if bytes(sideBytes, equal: "sell") { side = .ask } else { return nil }
        do throws(DecimalParseError) {
            let price = try DecimalParser.components(UnsafeRawBufferPointer(rebasing: raw[..<first]))
            let size = try DecimalParser.components(UnsafeRawBufferPointer(rebasing: raw[(second + 1)...]))
            return BookChange(side: side, price: price, size: size)
        } catch {
            return nil
        }
    }
}
