import ExchangeKit
import Foundation
import KuCoinCore
import Testing

/// The shared KuCoin envelope reader, and the control frames the decoder turns into runner messages.
@Suite struct KuCoinFrameTests {
    private func read(_ text: String) throws(JSONReaderError) -> KuCoinFrame {
        var bytes = Array(text.utf8)
        let result: Result<KuCoinFrame, JSONReaderError> = bytes.withUnsafeMutableBytes { raw in
            do throws(JSONReaderError) {
                return .success(try KuCoinFrame.read(UnsafeRawBufferPointer(raw)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    @Test func controlFramesFromTheSamples() throws {
        #expect(try read(WSFixture.text("control.welcome.json")) == .welcome(id: "hQvf8jkno"))
        #expect(try read(WSFixture.text("control.pong.json")) == .pong(id: "1545910590801"))
        #expect(try read(WSFixture.text("control.ack.json")) == .ack(id: "1545910660739"))
        #expect(try read(WSFixture.text("control.error.json")) == .error(id: "1", code: "415", message: "type is not supported"))
        #expect(try read(WSFixture.text("control.ping.json")) == .other(type: "ping"))
        #expect(try read(WSFixture.text("control.subscribe.json")) == .other(type: "subscribe"))
    }

    @Test func messageDataRangeCoversTheDataValue() throws {
        let text = WSFixture.text("execution.json")
        guard case .message(let topic, let subject, let range) = try read(text) else {
            Issue.record("not a message")
            return
        }
        #expect(topic == "/contractMarket/execution:XBTUSDTM")
        #expect(subject == "match")
        let data = String(decoding: Array(text.utf8)[range], as: UTF8.self)
        #expect(data.hasPrefix(#"{"symbol":"XBTUSDTM""#))
        #expect(data.hasSuffix(#""ts":1731898619520000000}"#))
    }

    @Test func legacyFramesWithoutATypeAreMessages() throws {
        guard case .message(let topic, let subject, _) = try read(WSFixture.text("instrument.funding-rate.json")) else {
            Issue.record("not a message")
            return
        }
        #expect(topic == "/contract/instrument:XBTUSDM")
        #expect(subject == "funding.rate")
    }

    @Test func dataBeforeSubjectIsAMessage() throws {
        guard case .message(_, let subject, _) = try read(WSFixture.text("position.change.json")) else {
            Issue.record("not a message")
            return
        }
        #expect(subject == "position.change")
    }

    @Test func errorFrameVariants() throws {
        #expect(try read(#"{"id":"7","type":"error","code":"401","data":"token is expired"}"#) == .error(id: "7", code: "401", message: "token is expired"))
        #expect(try read(#"{"type":"error","code":400,"data":"ping timeout"}"#) == .error(id: nil, code: "400", message: "ping timeout"))
        #expect(try read(#"{"id":"8","type":"error","data":{"why":"x"}}"#) == .error(id: "8", code: nil, message: #"{"why":"x"}"#))
        #expect(try read(#"{"id":"9","type":"error"}"#) == .error(id: "9", code: nil, message: ""))
        #expect(try read(#"{"id":9,"type":"ack"}"#) == .ack(id: "9"))
        #expect(try read(#"{"type":"welcome"}"#) == .welcome(id: nil))
        #expect(try read(#"{"type":"notice","topic":"/x"}"#) == .other(type: "notice"))
    }

    @Test(arguments: [
        #"{"type":"ack"}"#,                                   // an ack needs its id
        #"{"type":"message","data":{}}"#,                     // a message needs a topic
        #"{"type":"message","topic":"/a:B"}"#,                // … and data
        #"{"topic":"/a:B"}"#,                                 // no type, no data
        #"{"id":"1"}"#,                                       // no type, no topic
        #"{"type":1,"topic":"/a:B","data":{}}"#,              // type must be a string
        #"{"type":"message","topic":2,"data":{}}"#,           // topic must be a string
        #"{"type":"message","topic":"/a","subject":[],"data":{}}"#,
        #"{"id":{},"type":"ack"}"#,                           // id must be a string or number
        #"{"type":"error","code":true,"data":"x"}"#,          // code must be a number or string
        #"[]"#, #""message""#, "", "{", #"{"type":"welcome"} x"#,
    ])
    func malformedEnvelopesThrow(text: String) {
        #expect(throws: JSONReaderError.self) { try read(text) }
        #expect(decodeFailureReason(decodeSingle(text)) != nil)
    }

    @Test func decoderMapsControlFrames() {
        guard case .welcome? = decodeSingle(WSFixture.bytes("control.welcome.json")) else { Issue.record("not welcome"); return }
        guard case .pong? = decodeSingle(WSFixture.bytes("control.pong.json")) else { Issue.record("not pong"); return }
        guard case .ack(let id)? = decodeSingle(WSFixture.bytes("control.ack.json")) else { Issue.record("not ack"); return }
        #expect(id == "1545910660739")
        guard case .requestFailed(let errorID, let code, let message)? = decodeSingle(WSFixture.bytes("control.error.json")) else {
            Issue.record("not requestFailed")
            return
        }
        #expect(errorID == "1")
        #expect(code == "415")
        #expect(message == "type is not supported")
    }

    @Test(arguments: ["control.ping.json", "control.subscribe.json", "control.unsubscribe.json"])
    func clientFramesAreUnhandled(fixture: String) {
        let message = decodeSingle(WSFixture.bytes(fixture))
        #expect(unhandledParts(message)?.subject?.hasPrefix("type ") == true)
    }

    @Test func handOverReadsDataInTheSamePass() throws {
        var bytes = WSFixture.bytes("execution.json")
        try bytes.withUnsafeMutableBytes { raw in
            let frame = UnsafeRawBufferPointer(raw)
            var reader = KuCoinFrameReader(frame)
            guard case .data(let topic, let subject) = try reader.readHead() else {
                Issue.record("no hand-over")
                return
            }
            #expect(topic.string == "/contractMarket/execution:XBTUSDTM")
            #expect(subject.string == "match")
            try reader.json.beginObject()
            #expect(try reader.json.nextKey()?.string == "symbol")
            try reader.json.skipValue()
            while try reader.json.nextKey() != nil { try reader.json.skipValue() }
            try reader.finish()
        }
    }

    @Test func noHandOverWhenSubjectComesLate() throws {
        var bytes = WSFixture.bytes("position.change.json")
        try bytes.withUnsafeMutableBytes { raw in
            var reader = KuCoinFrameReader(UnsafeRawBufferPointer(raw))
            guard case .message(_, let subject, _) = try reader.readHead() else {
                Issue.record("expected the range path")
                return
            }
            #expect(subject?.string == "position.change")
        }
    }
}
