import ExchangeKit

/// KuCoin Spot's sample frames (byte for byte `reference/kucoin/spot/ws/*.json`, from the official
/// universal SDK's generated tests) and what each must decode to.
enum SpotFrames {
    static let match = #"{"topic":"/market/match:BTC-USDT","type":"message","subject":"trade.l3match","data":{"makerOrderId":"671b5007389355000701b1d3","price":"67523","sequence":"11067996711960577","side":"buy","size":"0.003","symbol":"BTC-USDT","takerOrderId":"671b50161777ff00074c168d","time":"1729843222921000000","tradeId":"11067996711960577","type":"match"}}"#
    static let ticker = #"{"type":"message","topic":"/market/ticker:BTC-USDT","subject":"trade.ticker","data":{"sequence":"1545896668986","price":"0.08","size":"0.011","bestAsk":"0.08","bestAskSize":"0.18","bestBid":"0.049","bestBidSize":"0.036","Time":1704873323416}}"#
    static let level2 = #"{"topic":"/market/level2:BTC-USDT","type":"message","subject":"trade.l2update","data":{"changes":{"asks":[["67993.3","1.21427407","14701689783"]],"bids":[]},"sequenceEnd":14701689783,"sequenceStart":14701689783,"symbol":"BTC-USDT","time":1729816425625}}"#

    static let all: [(name: String, text: String, check: @Sendable (StreamMessage) -> Bool)] = [
        ("match → Trade", match, { message in
            guard case .event(_, _, .trade(let trade)) = message else { return false }
            return trade.tradeID == "11067996711960577" && trade.price.description == "67523" && trade.size.description == "0.003"
                && trade.sequence == 11_067_996_711_960_577 && trade.timestamp?.nanoseconds == 1_729_843_222_921_000_000
        }),
        ("ticker → Ticker", ticker, { message in
            guard case .event(_, _, .ticker(let ticker)) = message else { return false }
            return ticker.bid.description == "0.049" && ticker.ask.description == "0.08" && ticker.sequence == 1_545_896_668_986
        }),
        ("level2 → BookDelta", level2, { message in
            guard case .bookDelta(let delta) = message else { return false }
            return delta.sequence == .range(first: 14_701_689_783, last: 14_701_689_783) && delta.changes.count == 1
                && delta.changes[0].side == .ask && delta.changes[0].price.description == "67993.3" && delta.changes[0].sequence == 14_701_689_783
        }),
    ]
}

/// A frame's bytes in an allocation that lives as long as the process: the measured loop does no
/// copying and no `withUnsafeBytes` per frame.
final class SpotFrameBytes: @unchecked Sendable {
    // Sendable by construction: the buffer is written once in `init` and only read afterwards.
    let buffer: UnsafeRawBufferPointer

    init(_ text: String) {
        let bytes = Array(text.utf8)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        storage.copyBytes(from: bytes)
        buffer = UnsafeRawBufferPointer(storage)
    }

    deinit { buffer.deallocate() }
}
