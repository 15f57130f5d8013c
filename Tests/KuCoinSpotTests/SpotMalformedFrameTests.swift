import ExchangeKit
import Foundation
import KuCoinSpot
import Testing

/// Bad input is a `decodeFailure` (or, for a valid frame that is not mapped, `unhandled`): never a
/// crash and never a made-up value.
@Suite struct SpotMalformedFrameTests {
    static let match = #"{"topic":"/market/match:BTC-USDT","type":"message","subject":"trade.l3match","data":{"price":"67523","sequence":"1","side":"buy","size":"0.003","symbol":"BTC-USDT","time":"1729843222921000000","tradeId":"1"}}"#
    static let level2 = #"{"topic":"/market/level2:BTC-USDT","type":"message","subject":"trade.l2update","data":{"changes":{"asks":[["1.5","2","10"]],"bids":[]},"sequenceEnd":10,"sequenceStart":10,"symbol":"BTC-USDT","time":1729816425625}}"#

    @Test("the unmodified frames decode", arguments: [match, level2])
    func baseline(frame: String) {
        #expect(spotFailure(frame) == nil && spotDecode(frame).count == 1)
    }

    static let broken: [String] = {
        var frames: [String] = []
        func edit(_ frame: String, _ from: String, _ to: String) { frames.append(frame.replacingOccurrences(of: from, with: to)) }
        edit(match, #""side":"buy""#, #""side":"up""#)
        edit(match, #""price":"67523","#, "")
        edit(match, #""price":"67523""#, #""price":"-1""#)
        edit(match, #""size":"0.003""#, #""size":"abc""#)
        edit(match, #""sequence":"1""#, #""sequence":"1.5""#)
        edit(match, #""symbol":"BTC-USDT""#, #""symbol":"ETH-USDT""#)
        edit(match, #""time":"1729843222921000000""#, #""time":"99999999999999999999""#)
        frames.append(String(match.dropLast(3)))
        edit(match, "}}", "},}")
        edit(level2, #""sequenceStart":10"#, #""sequenceStart":11"#)
        edit(level2, #"["1.5","2","10"]"#, #"["1.5","2","9"]"#)
        edit(level2, #"["1.5","2","10"]"#, #"["1.5","2"]"#)
        edit(level2, #"["1.5","2","10"]"#, #"["1.5","-2","10"]"#)
        edit(level2, #","bids":[]"#, "")
        edit(level2, #""time":1729816425625"#, #""time":"soon""#)
        frames.append(#"{"topic":"/market/candles:BTC-USDT_7min","type":"message","subject":"trade.candles.update","data":{"candles":["1","1","1","1","1","1","1"],"time":1}}"#)
        frames.append(#"{"topic":"/market/ticker:all","type":"message","subject":"","data":{"bestAsk":"1","bestAskSize":"1","bestBid":"1","bestBidSize":"1","sequence":"1","time":1}}"#)
        frames.append(#"{"topic":"/spotMarket/tradeOrdersV2","type":"message","subject":"orderChange","data":{"orderId":"o","symbol":"A-B","side":"buy","status":"open","type":"open","ts":1}}"#)
        frames.append("not json at all")
        return frames
    }()

    @Test("broken frames are decode failures", arguments: broken)
    func failures(frame: String) {
        #expect(spotFailure(frame) != nil, "decoded \(spotDecode(frame))")
    }

    @Test("unknown topics and subjects are unhandled, with their names")
    func unhandled() {
        let frames = [
            #"{"topic":"/market/newThing:BTC-USDT","type":"message","subject":"x","data":{"a":[1,2,{"b":null}]}}"#,
            #"{"topic":"/market/match:BTC-USDT","type":"message","subject":"trade.l3received","data":{}}"#,
            #"{"type":"notice","topic":"/market/match:BTC-USDT"}"#,
        ]
        for frame in frames {
            let output = spotDecode(frame)
            guard output.count == 1, case .event(nil, nil, .unhandled(let topic, _)) = output[0] else {
                Issue.record("\(frame): \(output)")
                continue
            }
            #expect(topic.hasPrefix("/market/"))
        }
    }

    @Test("binary frames and random bytes never crash")
    func noise() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 64, 300] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(spotDecode(bytes).count == 1)
        }
        // Every prefix of a real frame is a failure, never partial data.
        let frame = Array(Self.level2.utf8)
        for end in 1..<frame.count {
            let output = spotDecode(Array(frame[..<end]))
            guard output.count == 1, case .event(_, _, .decodeFailure) = output[0] else {
                Issue.record("prefix \(end): \(output)")
                return
            }
        }
    }
}
