import ExchangeKit

/// The frame-level half of a KuCoin stream decoder, shared by Spot and Futures: the envelope,
/// control frames, escaped topics and the failure rules. A product's decoder supplies only the
/// routing of a message's `data` by topic and subject.
///
/// The message is appended before the rest of the frame is checked and replaced by a
/// `decodeFailure` when that fails, so a truncated frame never yields data.
@usableFromInline
package enum KuCoinMessageDecoding {
    /// Routes one message's `data` (the reader is at its first byte) to what it means.
    @usableFromInline
    package typealias Route = (TopicBytes, JSONString?, inout JSONReader, inout [StreamMessage]) throws(WireError) -> Void

    /// Decodes one text frame, appending what it says to `output`.
    @inlinable
    package static func decode(_ frame: UnsafeRawBufferPointer, into output: inout [StreamMessage], route: Route) {
        var reader = KuCoinFrameReader(frame)
        let head: KuCoinFrameReader.Head
        do {
            head = try reader.readHead(handingOverData: true)
        } catch {
            output.append(failure("frame: \(error)", frame))
            return
        }
        switch head {
        case .data(let topic, let subject):
            // The common case: type, topic and subject came first; data is read in the same pass.
            let count = output.count
            do throws(WireError) {
                try dispatch(topic, subject, &reader.json, &output, route)
                do { try reader.finish() } catch { throw WireError(.json(error)) }
            } catch {
                output.removeSubrange(count...)
                output.append(failure(context(topic, subject) + error.description, frame))
            }
        case .message(let topic, let subject, let range):
            var data = JSONReader(UnsafeRawBufferPointer(rebasing: frame[range]))
            let count = output.count
            do throws(WireError) {
                try dispatch(topic, subject, &data, &output, route)
                do { try data.finish() } catch { throw WireError(.json(error)) }
            } catch {
                output.removeSubrange(count...)
                output.append(failure(context(topic, subject) + error.shifted(by: range.lowerBound).description, frame))
            }
        case .control(let control):
            output.append(message(for: control))
        case .other(let type, let topic, _):
            output.append(.event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: topic?.string ?? "", subject: "type \(type)")))
        }
    }

    /// Routes by the topic's unescaped bytes: a topic with JSON escapes (`\/`) is unescaped first.
    @inlinable
    static func dispatch(
        _ topic: JSONString, _ subject: JSONString?, _ data: inout JSONReader, _ output: inout [StreamMessage], _ route: Route
    ) throws(WireError) {
        guard topic.hasEscapes else { return try route(TopicBytes(topic.rawBytes), subject, &data, &output) }
        let text = Array(topic.string.utf8)
        try text.withUnsafeBytes { bytes in
            Result { () throws(WireError) in try route(TopicBytes(bytes), subject, &data, &output) }
        }.get()
    }

    /// An `unhandled` event for a valid message the plugin does not map.
    @inlinable
    package static func unhandled(_ topic: TopicBytes, _ subject: JSONString?) -> StreamMessage {
        .event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: topic.string, subject: subject?.string))
    }

    @usableFromInline
    static func message(for control: KuCoinFrame) -> StreamMessage {
        switch control {
        case .welcome: .welcome
        case .pong: .pong
        case .ack(let id): .ack(id: id)
        case .error(let id, let code, let message): .requestFailed(id: id, code: code, message: message)
        case .message(let topic, let subject, _): .event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: topic, subject: subject))
        case .other(let type): .event(symbol: nil, exchangeTime: nil, payload: .unhandled(topic: "", subject: "type \(type)"))
        }
    }

    @usableFromInline
    static func context(_ topic: JSONString, _ subject: JSONString?) -> String {
        "\(topic) \(subject?.string ?? "(no subject)"): "
    }

    @usableFromInline
    static func failure(_ reason: String, _ frame: UnsafeRawBufferPointer) -> StreamMessage {
        .event(symbol: nil, exchangeTime: nil, payload: .decodeFailure(error: reason, excerpt: ExchangeError.excerpt(of: frame)))
    }
}
