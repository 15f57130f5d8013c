import ExchangeKit
import Foundation

/// A fill as `GET /api/v1/hf/fills` (id and `tradeId` int64 numbers) and the classic
/// `GET /api/v1/fills` (`tradeId` a string) send it; amounts strings, `createdAt` ms.
/// Samples: reference spot/rest/hf-fills.json, fills.json.
struct FillWire: Decodable, Sendable {
    let symbol: String
    let tradeId: WireID
    let orderId: String
    let side: String
    let liquidity: String?
    let price: WireDecimal
    let size: WireDecimal
    let fee: WireDecimal?
    let feeCurrency: String?
    let createdAt: Int64

    func fill() throws(ExchangeError) -> Fill {
        guard let side = Side(rawValue: side) else { throw ExchangeError.decoding("fill side '\(side)'", input: Array(tradeId.text.utf8)) }
        return Fill(tradeID: tradeId.text, orderID: orderId, symbol: symbol, side: side, price: price.value, size: size.value,
                    fee: fee?.value ?? 0, feeCurrency: feeCurrency, liquidity: liquidity.flatMap(Liquidity.init(rawValue:)),
                    timestamp: Timestamp(milliseconds: createdAt))
    }
}

/// `GET /api/v1/hf/fills`: `{items, lastId}`, paged backwards by `lastId`.
struct HFFillPageWire: Decodable, Sendable {
    let items: [FillWire]
    let lastId: Int64?
}

/// The classic `GET /api/v1/fills`: a numbered page.
struct FillPageWire: Decodable, Sendable {
    let items: [FillWire]
}
