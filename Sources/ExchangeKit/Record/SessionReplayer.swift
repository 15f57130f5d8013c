import Foundation

/// Turns a recorded session (``SessionRecorder``'s lines) or bare frames, one per line,
/// back into the events a live stream would have given: decoded by the venue's own
/// decoder, books optionally kept by the synchroniser with the recorded snapshots.
///
/// Pure and synchronous: no sockets, no clock but the recording's. What `runner replay`
/// and the conformance kit's recorded checks run.
public struct SessionReplayer {
    /// The venue whose decoder reads the frames.
    public let venue: any StreamVenue
    /// Whether book deltas go through a ``BookSynchronizer`` (else each is printed as a `delta`).
    public let synchronizeBooks: Bool
    /// The recording's header, once read.
    public private(set) var header: Header?
    /// Lines read so far.
    public private(set) var lineNumber = 0

    private var epoch = 1
    private var dials = 0
    private var books: [String: BookSynchronizer] = [:]
    private var positions: [String: Position] = [:]
    private var messages: [StreamMessage] = []
    private var lastReceiveTime = Timestamp(nanoseconds: 0)

    /// A recording's first line.
    public struct Header: Sendable, Hashable {
        /// The venue id it was recorded from.
        public var venue: String
        /// The plugin name.
        public var plugin: String
        /// The subscriptions, as their descriptions (`trades:XBTUSDTM`).
        public var subscriptions: [String]
    }

    /// Creates a replayer.
    public init(venue: any StreamVenue, synchronizeBooks: Bool) {
        self.venue = venue
        self.synchronizeBooks = synchronizeBooks
    }

    /// Replays one line: a recorded line (`{"record":…}`) or a bare frame's text.
    public mutating func replay(line: String, into events: inout [StreamEvent]) {
        var line = line
        line.withUTF8 { bytes in replay(bytes: UnsafeRawBufferPointer(bytes), into: &events) }
    }

    /// Replays one line given as bytes, without its newline.
    public mutating func replay(bytes: UnsafeRawBufferPointer, into events: inout [StreamEvent]) {
        lineNumber += 1
        let trimmed = Self.trimmed(bytes)
        guard !trimmed.isEmpty else { return }
        if Self.isRecordLine(trimmed) {
            replayRecord(Data(trimmed), into: &events)
        } else {
            // A bare frame: its receive time is unknown; the last recorded one (or 0) keeps output deterministic.
            decode(trimmed, binary: false, receiveTime: lastReceiveTime, into: &events)
        }
    }

    /// Ends the replay: books still waiting for a snapshot the recording does not hold are reported.
    public mutating func finish(into events: inout [StreamEvent]) {
        for (symbol, synchronizer) in books.sorted(by: { $0.key < $1.key }) where !synchronizer.isSynchronized {
            events.append(event(symbol: symbol, time: nil, receiveTime: lastReceiveTime, payload: .unhandled(
                topic: "book", subject: "the recording holds no snapshot that synchronises \(symbol)'s deltas")))
        }
    }

    // MARK: - Records

    private mutating func replayRecord(_ data: Data, into events: inout [StreamEvent]) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let record = object["record"] as? String else {
            return failure("line \(lineNumber): not a recorded line (a JSON object with a \"record\" string)", data, into: &events)
        }
        let receiveTime = (object["recv_ts"] as? NSNumber).map { Timestamp(nanoseconds: $0.int64Value) } ?? lastReceiveTime
        lastReceiveTime = receiveTime
        switch record {
        case "header":
            header = Header(venue: object["venue"] as? String ?? "", plugin: object["plugin"] as? String ?? "",
                            subscriptions: object["subscriptions"] as? [String] ?? [])
        case "dial":
            dials += 1
            if dials == 1 {
                events.append(event(symbol: nil, time: nil, receiveTime: receiveTime, payload: .connected))
            } else {
                epoch += 1
                events.append(event(symbol: nil, time: nil, receiveTime: receiveTime, payload: .reconnected))
                // Nothing from before the reconnect survives; the next recorded snapshot restarts each book.
                for symbol in books.keys { books[symbol]?.restart() }
                positions.removeAll()
            }
        case "frame":
            if let text = object["text"] as? String {
                var text = text
                text.withUTF8 { decode(UnsafeRawBufferPointer($0), binary: false, receiveTime: receiveTime, into: &events) }
            } else if let encoded = object["base64"] as? String, let bytes = Data(base64Encoded: encoded) {
                bytes.withUnsafeBytes { decode($0, binary: object["binary"] as? Bool ?? false, receiveTime: receiveTime, into: &events) }
            } else {
                failure("line \(lineNumber): a frame record needs \"text\" or \"base64\"", data, into: &events)
            }
        case "snapshot":
            guard let snapshot = Self.snapshot(from: object) else {
                return failure("line \(lineNumber): malformed snapshot record", data, into: &events)
            }
            replaySnapshot(snapshot, receiveTime: receiveTime, into: &events)
        default:
            failure("line \(lineNumber): unknown record type '\(record)'", data, into: &events)
        }
    }

    private mutating func replaySnapshot(_ snapshot: OrderBookSnapshot, receiveTime: Timestamp, into events: inout [StreamEvent]) {
        guard synchronizeBooks else {
            events.append(event(symbol: snapshot.symbol, time: snapshot.timestamp, receiveTime: receiveTime, payload: .book(BookUpdate(
                symbol: snapshot.symbol, action: .snapshot, bids: snapshot.bids, asks: snapshot.asks, sequence: snapshot.sequence,
                timestamp: snapshot.timestamp))))
            return
        }
        var synchronizer = books.removeValue(forKey: snapshot.symbol)
            ?? BookSynchronizer(symbol: snapshot.symbol, rule: venue.bookSequenceRule)
        var outputs: [BookSynchronizer.Output] = []
        do {
            try synchronizer.apply(snapshot: snapshot, into: &outputs)
        } catch {
            events.append(event(symbol: snapshot.symbol, time: nil, receiveTime: receiveTime, payload: .decodeFailure(
                error: "book snapshot: \(error)", excerpt: "")))
        }
        books[snapshot.symbol] = synchronizer
        route(outputs, symbol: snapshot.symbol, receiveTime: receiveTime, into: &events)
    }

    // MARK: - Frames

    private mutating func decode(_ frame: UnsafeRawBufferPointer, binary: Bool, receiveTime: Timestamp, into events: inout [StreamEvent]) {
        messages.removeAll(keepingCapacity: true)
        if binary {
            venue.decode(binary: frame, into: &messages)
        } else {
            venue.decode(text: frame, into: &messages)
        }
        for message in messages {
            switch message {
            case .event(let symbol, let time, let payload):
                if case .position(let position) = payload { positions[position.symbol] = position }
                events.append(event(symbol: symbol, time: time, receiveTime: receiveTime, payload: payload))
            case .bookDelta(let delta):
                replayDelta(delta, receiveTime: receiveTime, into: &events)
            case .positionPatch(let patch):
                let payload = patch.payload(mergingInto: &positions)
                events.append(event(symbol: patch.symbol, time: patch.timestamp, receiveTime: receiveTime, payload: payload))
            case .requestFailed(_, let code, let message):
                // The venue refused something: visible, though a replay cannot say which request it answers.
                events.append(event(symbol: nil, time: nil, receiveTime: receiveTime, payload: .unhandled(
                    topic: "request failed", subject: code.map { "\($0): \(message)" } ?? message)))
            case .welcome, .pong, .ack, .reconnect:
                // The connection's own business: a replay has no connection to keep.
                continue
            }
        }
    }

    private mutating func replayDelta(_ delta: BookDelta, receiveTime: Timestamp, into events: inout [StreamEvent]) {
        guard synchronizeBooks else {
            var bids: [PriceLevel] = []
            var asks: [PriceLevel] = []
            for change in delta.changes {
                let level = PriceLevel(price: change.price, size: change.size)
                if change.side == .bid { bids.append(level) } else { asks.append(level) }
            }
            events.append(event(symbol: delta.symbol, time: delta.timestamp, receiveTime: receiveTime, payload: .book(BookUpdate(
                symbol: delta.symbol, action: .delta, bids: bids, asks: asks, sequence: delta.sequence.last, timestamp: delta.timestamp))))
            return
        }
        var synchronizer = books.removeValue(forKey: delta.symbol) ?? BookSynchronizer(symbol: delta.symbol, rule: venue.bookSequenceRule)
        var outputs: [BookSynchronizer.Output] = []
        synchronizer.receive(delta, into: &outputs)
        books[delta.symbol] = synchronizer
        route(outputs, symbol: delta.symbol, receiveTime: receiveTime, into: &events)
    }

    private func route(_ outputs: [BookSynchronizer.Output], symbol: String, receiveTime: Timestamp, into events: inout [StreamEvent]) {
        // needSnapshot has no event: the recording's next snapshot line answers it.
        for output in outputs {
            guard let payload = output.payload else { continue }
            let time: Timestamp? = if case .book(let update) = payload { update.timestamp } else { nil }
            events.append(event(symbol: symbol, time: time, receiveTime: receiveTime, payload: payload))
        }
    }

    private func event(symbol: String?, time: Timestamp?, receiveTime: Timestamp, payload: StreamEvent.Payload) -> StreamEvent {
        StreamEvent(venue: venue.id, symbol: symbol, exchangeTime: time, receiveTime: receiveTime, epoch: epoch, payload: payload)
    }

    private func failure(_ message: String, _ data: Data, into events: inout [StreamEvent]) {
        let excerpt = data.withUnsafeBytes { ExchangeError.excerpt(of: $0) }
        events.append(event(symbol: nil, time: nil, receiveTime: lastReceiveTime, payload: .decodeFailure(error: message, excerpt: excerpt)))
    }

    // MARK: - Parsing

    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, Self.isSpace(bytes[start]) { start += 1 }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Whether a line is a recorder's (`{"record":` first), not a venue frame.
    static func isRecordLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let prefix: StaticString = "{\"record\":"
        return bytes.count >= prefix.utf8CodeUnitCount
            && JSONString.bytes(UnsafeRawBufferPointer(rebasing: bytes[0..<prefix.utf8CodeUnitCount]), equal: prefix)
    }

    static func snapshot(from object: [String: Any]) -> OrderBookSnapshot? {
        guard let symbol = object["symbol"] as? String, let sequence = object["sequence"] as? NSNumber,
              let bids = levels(object["bids"]), let asks = levels(object["asks"]) else { return nil }
        let time = (object["ts"] as? NSNumber).map { Timestamp(nanoseconds: $0.int64Value) }
        return OrderBookSnapshot(symbol: symbol, sequence: sequence.int64Value, bids: bids, asks: asks, timestamp: time)
    }

    static func levels(_ value: Any?) -> [PriceLevel]? {
        guard let rows = value as? [[String]] else { return nil }
        var levels: [PriceLevel] = []
        levels.reserveCapacity(rows.count)
        for row in rows {
            guard row.count == 2, let price = try? DecimalParser.parse(row[0]), let size = try? DecimalParser.parse(row[1]) else { return nil }
            levels.append(PriceLevel(price: price, size: size))
        }
        return levels
    }
}
