extension KuCoinWire {
    /// Writes the frame of a market event (execution, level2, tickerV2) as UTF-8 JSON straight
    /// into memory: no `String` on the way, prices and numbers written digit by digit. At most
    /// ``maximumFrameSize(symbol:)`` bytes.
    ///
    /// The market's stream is made of these; ``frame(_:contract:)`` is the same text as a `String`.
    static func write(_ event: MarketEvent, priceDecimals: Int, into writer: inout SimByteWriter) {
        switch event {
        case .trade(let symbol, let side, let ticks, let lots, let sequence, let time):
            writeEnvelope(#"{"topic":"/contractMarket/execution:"#, #"","type":"message","subject":"match","sn":"#, symbol: symbol,
                          sequence: sequence, symbolInData: true, into: &writer)
            writer.write(side == .buy ? #","side":"buy","size":"# : #","side":"sell","size":"#)
            writer.write(integer: lots)
            writer.write(#","price":""#)
            writer.write(price: ticks, decimals: priceDecimals)
            writer.write(#"","takerOrderId":""#)
            writer.write(hex24: UInt64(bitPattern: sequence) &* 2_654_435_761)
            writer.write(#"","makerOrderId":""#)
            writer.write(hex24: UInt64(bitPattern: sequence) &* 40_503)
            writer.write(#"","tradeId":""#)
            writer.write(integer: sequence)
            writer.write(#"","ts":"#)
            writer.write(integer: time)
            writer.write("}}")
        case .level(let symbol, let side, let ticks, let lots, let sequence, let time):
            writeEnvelope(#"{"topic":"/contractMarket/level2:"#, #"","type":"message","subject":"level2","sn":"#, symbol: symbol,
                          sequence: sequence, symbolInData: false, into: &writer)
            writer.write(#","change":""#)
            writer.write(price: ticks, decimals: priceDecimals)
            writer.write(side == .buy ? ",buy," : ",sell,")
            writer.write(integer: lots)
            writer.write(#"","timestamp":"#)
            writer.write(integer: time / 1_000_000)
            writer.write("}}")
        case .ticker(let symbol, let bid, let bidLots, let ask, let askLots, let sequence, let time):
            writeEnvelope(#"{"topic":"/contractMarket/tickerV2:"#, #"","type":"message","subject":"tickerV2","sn":"#, symbol: symbol,
                          sequence: sequence, symbolInData: true, into: &writer)
            writer.write(#","bestBidSize":"#)
            writer.write(integer: bidLots)
            writer.write(#","bestBidPrice":""#)
            writer.write(price: bid, decimals: priceDecimals)
            writer.write(#"","bestAskPrice":""#)
            writer.write(price: ask, decimals: priceDecimals)
            writer.write(#"","bestAskSize":"#)
            writer.write(integer: askLots)
            writer.write(#","ts":"#)
            writer.write(integer: time)
            writer.write("}}")
        }
    }

    /// `{"topic":"…:SYMBOL","type":"message","subject":"…","sn":N,"data":{` then `"symbol":"SYMBOL",` when
    /// asked, then `"sequence":N`: the start every market frame shares.
    private static func writeEnvelope(_ topic: StaticString, _ subject: StaticString, symbol: String, sequence: Int64, symbolInData: Bool,
                                      into writer: inout SimByteWriter) {
        writer.write(topic)
        writer.write(string: symbol)
        writer.write(subject)
        writer.write(integer: sequence)
        if symbolInData {
            writer.write(#","data":{"symbol":""#)
            writer.write(string: symbol)
            writer.write(#"","sequence":"#)
        } else {
            writer.write(#","data":{"sequence":"#)
        }
        writer.write(integer: sequence)
    }

    /// The most bytes ``write(_:priceDecimals:into:)`` writes for a symbol: the keys, the symbol
    /// twice, and every number at its longest.
    static func maximumFrameSize(symbol: String) -> Int { 512 + 2 * symbol.utf8.count }
}
