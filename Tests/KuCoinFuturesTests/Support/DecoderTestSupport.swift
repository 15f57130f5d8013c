import ExchangeKit
import Foundation
import KuCoinFutures
import Testing

/// The reference samples in `Fixtures/ws`, loaded from the test bundle (in the main package,
/// ExchangeKitTesting's `Fixture.bytes("ws/<name>", in: .module)` reads the same files).
enum WSFixture {
    /// The names of every file in `Fixtures/ws` (without the folder).
    static var names: [String] {
        let url = directory
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The bytes of `Fixtures/ws/<name>`.
    static func bytes(_ name: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
            Issue.record("missing fixture \(name)")
            return []
        }
        return Array(data)
    }

    /// The text of `Fixtures/ws/<name>`.
    static func text(_ name: String) -> String { String(decoding: bytes(name), as: UTF8.self) }

    private static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent("ws")
    }
}

/// Decodes one frame.
func decodeFrame(_ bytes: [UInt8]) -> [StreamMessage] {
    var output: [StreamMessage] = []
    bytes.withUnsafeBytes { KuCoinFuturesDecoder.decode($0, into: &output) }
    return output
}

func decodeFrame(_ text: String) -> [StreamMessage] { decodeFrame(Array(text.utf8)) }

/// Decodes one frame that must give exactly one message.
func decodeSingle(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> StreamMessage? {
    let output = decodeFrame(bytes)
    #expect(output.count == 1, "expected one message, got \(output)", sourceLocation: sourceLocation)
    return output.first
}

func decodeSingle(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> StreamMessage? {
    decodeSingle(Array(text.utf8), sourceLocation: sourceLocation)
}

/// The payload of an `.event`, with its symbol and time.
func eventParts(_ message: StreamMessage?) -> (symbol: String?, time: Timestamp?, payload: StreamEvent.Payload)? {
    guard case .event(let symbol, let time, let payload)? = message else { return nil }
    return (symbol, time, payload)
}

/// The reason of a `decodeFailure`, or nil for any other message.
func decodeFailureReason(_ message: StreamMessage?) -> String? {
    guard case .event(_, _, .decodeFailure(let error, _))? = message else { return nil }
    return error
}

/// The topic and subject of an `unhandled` event, or nil.
func unhandledParts(_ message: StreamMessage?) -> (topic: String, subject: String?)? {
    guard case .event(nil, nil, .unhandled(let topic, let subject))? = message else { return nil }
    return (topic, subject)
}

/// An exact decimal from its text (Foundation's parser, independent of the decoder's).
func exact(_ text: String) -> Decimal {
    guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
        Issue.record("not a decimal: \(text)")
        return .nan
    }
    return value
}

/// A comparable rendering of messages (for "same result" checks; not for value expectations).
func renderedMessages(_ messages: [StreamMessage]) -> String {
    messages.map { String(reflecting: $0) }.joined(separator: "\n")
}

/// A JSON object as its members' raw texts, for byte-level edits of frames (keys reordered,
/// a member removed, a value replaced) that keep every other literal exactly as it was.
struct RawObject {
    /// Each member's key (with quotes) and value, as raw JSON text.
    var members: [(key: String, value: String)]

    /// Splits an object's text into members, with ``JSONReader``.
    init(_ text: String) {
        members = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            let buffer = UnsafeRawBufferPointer(raw)
            var reader = JSONReader(buffer)
            do {
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    let keyText = "\"" + String(decoding: key.rawBytes, as: UTF8.self) + "\""
                    _ = try reader.peekKind()
                    let start = reader.offset
                    try reader.skipValue()
                    let value = String(decoding: buffer[start..<reader.offset], as: UTF8.self)
                    members.append((keyText, value))
                }
            } catch {
                Issue.record("not an object: \(error)")
            }
        }
    }

    var text: String { "{" + members.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}" }

    func index(of key: String) -> Int? { members.firstIndex { $0.key == "\"\(key)\"" } }

    subscript(key: String) -> String? {
        get { index(of: key).map { members[$0].value } }
        set {
            if let index = index(of: key) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(("\"\(key)\"", newValue))
            }
        }
    }
}

/// A frame's text with its `data` object edited.
func editingData(_ frame: String, _ edit: (inout RawObject) -> Void) -> String {
    var envelope = RawObject(frame)
    guard let data = envelope["data"] else {
        Issue.record("no data in \(frame)")
        return frame
    }
    var object = RawObject(data)
    edit(&object)
    envelope["data"] = object.text
    return envelope.text
}
