import ExchangeKit
import Foundation
import Testing

/// Real KuCoin Futures WebSocket frames, read field by field the way a venue decoder reads them.
enum SampleFrames {
    static let execution = #"{"topic":"/contractMarket/execution:XBTUSDTM","type":"message","subject":"match","sn":1697808800390,"data":{"symbol":"XBTUSDTM","sequence":1697808800390,"side":"sell","size":1,"price":"66968.1","takerOrderId":"178a4e36d1a7ed00011aaa77","makerOrderId":"178a4e36d1a7ed00011aab7d","tradeId":"1697808800390","ts":1697808800390000000}}"#
    static let tickerV2 = #"{"topic":"/contractMarket/tickerV2:XBTUSDTM","type":"message","subject":"tickerV2","sn":1709784330012,"data":{"symbol":"XBTUSDTM","sequence":1709784330012,"bestBidSize":795,"bestBidPrice":"66968.1","bestAskPrice":"66968.2","bestAskSize":1178,"ts":1709784330014000000}}"#
    static let level2 = #"{"topic":"/contractMarket/level2:XBTUSDTM","type":"message","subject":"level2","sn":1709400450243,"data":{"sequence":1709400450243,"change":"90631.2,sell,2","timestamp":1709400450243}}"#

    static let all = [("execution", execution), ("tickerV2", tickerV2), ("level2", level2)]
}

@Suite("KuCoin Futures sample frames")
struct SampleFrameTests {
    /// Reads the envelope: every key in order, with `data` handed to `body`.
    static func envelope(_ reader: inout JSONReader, topic: String, subject: StaticString, sn: Int64,
                         data body: (inout JSONReader) throws(JSONReaderError) -> Void) throws(JSONReaderError) {
        try reader.beginObject()
        var keys: [String] = []
        while let key = try reader.nextKey() {
            keys.append(key.string)
            if key == "topic" {
                #expect(try reader.readString() == topic)
            } else if key == "type" {
                #expect(try reader.readStringBytes() == "message")
            } else if key == "subject" {
                let value = try reader.readStringBytes()
                #expect(value.equals(subject) && !value.hasEscapes)
            } else if key == "sn" {
                #expect(try reader.readInt64() == sn)
            } else if key == "data" {
                #expect(try reader.peekKind() == .object)
                try body(&reader)
            } else {
                Issue.record("unexpected key \(key)")
                try reader.skipValue()
            }
        }
        #expect(keys == ["topic", "type", "subject", "sn", "data"])
        try reader.finish()
    }

    @Test("execution: every field to its exact value")
    func execution() throws {
        try withReaderBytes(SampleFrames.execution) { bytes throws(JSONReaderError) in
            var reader = JSONReader(bytes)
            try Self.envelope(&reader, topic: "/contractMarket/execution:XBTUSDTM", subject: "match", sn: 1697808800390) { data throws(JSONReaderError) in
                try data.beginObject()
                #expect(try data.nextKey()?.equals("symbol") == true)
                #expect(try data.readString() == "XBTUSDTM")
                #expect(try data.nextKey()?.string == "sequence")
                #expect(try data.readInt64() == 1697808800390)
                #expect(try data.nextKey() == "side")
                let side = try data.readStringBytes()
                #expect(side == "sell" && side != "buy" && side.count == 4)
                #expect(try data.nextKey() == "size")
                #expect(try data.readInt64() == 1)
                #expect(try data.nextKey() == "price")
                #expect(try data.readDecimal() == Decimal(string: "66968.1")!)
                #expect(try data.nextKey() == "takerOrderId")
                #expect(try data.readString() == "178a4e36d1a7ed00011aaa77")
                #expect(try data.nextKey() == "makerOrderId")
                #expect(try data.readString() == "178a4e36d1a7ed00011aab7d")
                #expect(try data.nextKey() == "tradeId")
                #expect(try data.readString() == "1697808800390")
                #expect(try data.nextKey() == "ts")
                #expect(try data.readInt64() == 1_697_808_800_390_000_000)
                #expect(try data.nextKey() == nil)
            }
            #expect(reader.offset == bytes.count)
        }
    }

    @Test("execution: the hot-path fields via seek, numbers also as components and strings as numbers")
    func executionSeek() throws {
        try withReaderBytes(SampleFrames.execution) { bytes throws(JSONReaderError) in
            var reader = JSONReader(bytes)
            try reader.beginObject()
            #expect(try reader.seek(toKey: "data"))
            try reader.beginObject()
            #expect(try reader.seek(toKey: "size"))
            #expect(try reader.readDecimalComponents() == DecimalComponents(mantissa: 1, exponent: 0, isNegative: false))
            #expect(try reader.seek(toKey: "price"))
            #expect(try reader.readDecimalComponents() == DecimalComponents(mantissa: 669681, exponent: -1, isNegative: false))
            #expect(try reader.seek(toKey: "tradeId"))
            #expect(try reader.readInt64() == 1697808800390)        // a numeric string
            #expect(try reader.seek(toKey: "ts"))
            #expect(try reader.readDecimal() == Decimal(string: "1697808800390000000")!)
            #expect(try reader.seek(toKey: "missing") == false)    // consumes the data object's `}`
            #expect(try reader.seek(toKey: "also missing") == false)
            try reader.finish()
        }
    }

    @Test("tickerV2: every field to its exact value")
    func tickerV2() throws {
        try withReaderBytes(SampleFrames.tickerV2) { bytes throws(JSONReaderError) in
            var reader = JSONReader(bytes)
            try Self.envelope(&reader, topic: "/contractMarket/tickerV2:XBTUSDTM", subject: "tickerV2", sn: 1709784330012) { data throws(JSONReaderError) in
                try data.beginObject()
                var seen = 0
                while let key = try data.nextKey() {
                    seen += 1
                    if key == "symbol" { #expect(try data.readString() == "XBTUSDTM") }
                    else if key == "sequence" { #expect(try data.readInt64() == 1709784330012) }
                    else if key == "bestBidSize" { #expect(try data.readInt64() == 795) }
                    else if key == "bestBidPrice" { #expect(try data.readDecimal() == Decimal(string: "66968.1")!) }
                    else if key == "bestAskPrice" { #expect(try data.readDecimal() == Decimal(string: "66968.2")!) }
                    else if key == "bestAskSize" { #expect(try data.readInt64() == 1178) }
                    else if key == "ts" { #expect(try data.readInt64() == 1_709_784_330_014_000_000) }
                    else { Issue.record("unexpected key \(key)"); try data.skipValue() }
                }
                #expect(seen == 7)
            }
        }
    }

    @Test("level2: every field, and the change triple split from the raw bytes")
    func level2() throws {
        try withReaderBytes(SampleFrames.level2) { bytes throws(JSONReaderError) in
            var reader = JSONReader(bytes)
            try Self.envelope(&reader, topic: "/contractMarket/level2:XBTUSDTM", subject: "level2", sn: 1709400450243) { data throws(JSONReaderError) in
                try data.beginObject()
                #expect(try data.nextKey() == "sequence")
                #expect(try data.readInt64() == 1709400450243)
                #expect(try data.nextKey() == "change")
                let change = try data.readStringBytes()
                #expect(!change.hasEscapes && change.string == "90631.2,sell,2")
                let parts = change.rawBytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                #expect(parts.count == 3)
                let price = try? DecimalParser.parse(UnsafeRawBufferPointer(rebasing: parts[0]))
                #expect(price == Decimal(string: "90631.2")!)
                #expect(parts[1].elementsEqual("sell".utf8))
                #expect(parts[2].elementsEqual("2".utf8))
                #expect(try data.nextKey() == "timestamp")
                #expect(try data.readInt64() == 1709400450243)
                #expect(try data.nextKey() == nil)
            }
        }
    }

    @Test("each frame reads to the same tree as JSONSerialization's", arguments: SampleFrames.all)
    func sameAsFoundation(name: String, frame: String) throws {
        let tree = try JSONValue.parse(Array(frame.utf8))
        let object = try JSONSerialization.jsonObject(with: Data(frame.utf8))
        var droppedBOM = false
        #expect(DifferentialTests.difference(tree, object, droppedBOM: &droppedBOM) == nil)
    }

    @Test("every byte-prefix of each frame is a clean unexpectedEnd at the prefix's end", arguments: SampleFrames.all)
    func truncation(name: String, frame: String) throws {
        let bytes = Array(frame.utf8)
        for length in 0..<bytes.count {
            let prefix = Array(bytes[..<length])
            // As a tree.
            #expect(throws: JSONReaderError(offset: length, reason: .unexpectedEnd), "tree, prefix \(length)") {
                try JSONValue.parse(prefix)
            }
            // Skipped whole.
            #expect(throws: JSONReaderError(offset: length, reason: .unexpectedEnd), "skip, prefix \(length)") {
                try withReaderBytes(prefix) { buffer throws(JSONReaderError) in
                    var reader = JSONReader(buffer)
                    try reader.skipValue()
                    try reader.finish()
                }
            }
            // The way a venue decoder reads it: seek, typed reads, then the rest of both objects.
            #expect(throws: JSONReaderError.self, "decoder, prefix \(length)") {
                try withReaderBytes(prefix) { buffer throws(JSONReaderError) in
                    var reader = JSONReader(buffer)
                    try reader.beginObject()
                    guard try reader.seek(toKey: "data") else { return }
                    try reader.beginObject()
                    while let key = try reader.nextKey() {
                        if key == "symbol" || key == "side" || key == "change" { _ = try reader.readString() }
                        else if key == "price" || key == "bestBidPrice" || key == "bestAskPrice" { _ = try reader.readDecimal() }
                        else if key == "ts" || key == "sequence" || key == "size" || key == "timestamp" { _ = try reader.readInt64() }
                        else { try reader.skipValue() }
                    }
                    while try reader.nextKey() != nil { try reader.skipValue() }
                    try reader.finish()
                }
            }
        }
        // And the whole frame reads.
        _ = try JSONValue.parse(bytes)
    }
}
