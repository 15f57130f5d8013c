import ExchangeKit
import Foundation

/// `GET /fapi/v1/depth`: `{"lastUpdateId":1027024,"E":…,"T":…,"bids":[["4.00000000","431.00000000"]],"asks":[…]}`.
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Order-Book
struct DepthWire: Decodable {
    let lastUpdateId: Int64
    let T: Int64?
    let bids: [[WireDecimal]]
    let asks: [[WireDecimal]]

    /// The snapshot, sequenced by `lastUpdateId` (what the diff stream's `U`/`u` are compared with).
    func snapshot(symbol: String) throws(ExchangeError) -> OrderBookSnapshot {
        func levels(_ rows: [[WireDecimal]]) throws(ExchangeError) -> [PriceLevel] {
            var result: [PriceLevel] = []
            result.reserveCapacity(rows.count)
            for row in rows {
                guard row.count >= 2 else { throw ExchangeError.decoding("a depth level has \(row.count) items, expected 2", input: [], venue: nil) }
                result.append(PriceLevel(price: row[0].value, size: row[1].value))
            }
            return result
        }
        return OrderBookSnapshot(symbol: symbol, sequence: lastUpdateId, bids: try levels(bids), asks: try levels(asks),
                                 timestamp: T.map { Timestamp(milliseconds: $0) })
    }
}

/// `GET /fapi/v1/trades`: `[{"id":28457,"price":"4.00000100","qty":"12.00000000","time":…,"isBuyerMaker":true}]`.
struct RecentTradeWire: Decodable {
    let id: Int64
    let price: WireDecimal
    let qty: WireDecimal
    let time: Int64
    let isBuyerMaker: Bool

    /// The trade; the taker sold when the buyer was the maker.
    func trade(symbol: String) -> Trade {
        Trade(symbol: symbol, price: price.value, size: qty.value, side: isBuyerMaker ? .sell : .buy, tradeID: String(id),
              timestamp: Timestamp(milliseconds: time))
    }
}

/// `GET /fapi/v1/aggTrades`: `[{"a":26129,"p":"0.01633102","q":"4.70443515","f":27781,"l":27781,"T":…,"m":true}]`.
struct AggregateTradeWire: Decodable {
    let a: Int64
    let p: WireDecimal
    let q: WireDecimal
    let T: Int64
    let m: Bool

    /// The aggregate trade, identified by its aggregate id.
    func trade(symbol: String) -> Trade {
        Trade(symbol: symbol, price: p.value, size: q.value, side: m ? .sell : .buy, tradeID: String(a), timestamp: Timestamp(milliseconds: T))
    }
}

/// `GET /fapi/v1/premiumIndex`: mark, index and funding of a symbol.
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Mark-Price
struct PremiumIndexWire: Decodable {
    let symbol: String
    let markPrice: WireDecimal
    let indexPrice: WireDecimal
    let lastFundingRate: WireDecimal
    let nextFundingTime: Int64
    let time: Int64

    var mark: MarkPrice {
        MarkPrice(symbol: symbol, value: markPrice.value, indexPrice: indexPrice.value, timestamp: Timestamp(milliseconds: time))
    }

    var funding: FundingRate {
        // Perpetuals settle every 8 hours unless the symbol's funding info says otherwise (not in this answer).
        FundingRate(symbol: symbol, rate: lastFundingRate.value, timestamp: Timestamp(milliseconds: time),
                    nextFundingTime: Timestamp(milliseconds: nextFundingTime))
    }
}

/// `GET /fapi/v1/fundingRate`: `[{"symbol":"BTCUSDT","fundingRate":"-0.03750000","fundingTime":1570608000000,"markPrice":"…"}]`.
struct FundingRateWire: Decodable {
    let symbol: String
    let fundingRate: WireDecimal
    let fundingTime: Int64

    var funding: FundingRate {
        FundingRate(symbol: symbol, rate: fundingRate.value, timestamp: Timestamp(milliseconds: fundingTime))
    }
}

/// `GET /fapi/v1/ticker/bookTicker`: best bid and ask.
struct BookTickerWire: Decodable {
    let symbol: String
    let bidPrice: WireDecimal
    let bidQty: WireDecimal
    let askPrice: WireDecimal
    let askQty: WireDecimal
    let time: Int64

    var ticker: Ticker {
        Ticker(symbol: symbol, bid: bidPrice.value, bidSize: bidQty.value, ask: askPrice.value, askSize: askQty.value,
               timestamp: Timestamp(milliseconds: time))
    }
}
