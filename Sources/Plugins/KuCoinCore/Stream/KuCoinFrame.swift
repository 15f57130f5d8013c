import ExchangeKit

/// One frame of KuCoin's classic WebSocket protocol (PROTOCOL.md §8), read from its envelope.
///
/// ```
/// {"id":"hQvf8jkno","type":"welcome"}
/// {"id":"1","type":"error","code":415,"data":"type is not supported"}
/// {"topic":"/contractMarket/execution:XBTUSDTM","type":"message","subject":"match","sn":1794100537695,"data":{…}}
/// ```
///
/// Keys may come in any order (legacy frames put `data` before `subject`, and some
/// have no `type` at all: a frame with a `topic` and `data` but no `type` is a message).
/// Spot and Futures share the envelope; only the `data` of a message differs.
/// See ``KuCoinFrameReader`` for reading a message's `data` in the same pass.
public enum KuCoinFrame: Hashable, Sendable {
    /// The server's greeting after connecting; `id` is the connect id.
    case welcome(id: String?)
    /// The answer to a client ping.
    case pong(id: String?)
    /// The server accepted the request with this id.
    case ack(id: String)
    /// The server refused a request (or reports a connection-level problem): `code` is the
    /// numeric code as text, `message` the reason (`data`), or its raw JSON when it is not a string.
    case error(id: String?, code: String?, message: String)
    /// A data message; `data` is the byte range of the `data` value within the frame.
    case message(topic: String, subject: String?, data: Range<Int>)
    /// Any other frame type (`notice`, `command`, `openTunnel`, …).
    case other(type: String)

    /// Reads a frame's envelope.
    ///
    /// The `data` of a message is skipped (and checked to be well-formed JSON) but not read;
    /// read it from `frame[data]`.
    /// - Throws: ``JSONReaderError`` when the frame is not a well-formed JSON object, a known
    ///   key holds the wrong type, or a key the frame's type needs is missing.
    @inlinable
    public static func read(_ frame: UnsafeRawBufferPointer) throws(JSONReaderError) -> KuCoinFrame {
        var reader = KuCoinFrameReader(frame)
        switch try reader.readHead(handingOverData: false) {
        case .control(let frame):
            return frame
        case .message(let topic, let subject, let data):
            return .message(topic: topic.string, subject: subject?.string, data: data)
        case .data(let topic, let subject):
            // Not produced without hand-over; read to the end all the same.
            let start = try reader.json.peekOffset()
            try reader.json.skipValue()
            let end = reader.json.offset
            try reader.finish()
            return .message(topic: topic.string, subject: subject.string, data: start..<end)
        case .other(let type, _, _):
            return .other(type: type.string)
        }
    }
}
