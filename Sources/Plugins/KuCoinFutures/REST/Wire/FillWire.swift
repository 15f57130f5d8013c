import ExchangeKit
import Foundation
import KuCoinCore

/// A fill as `GET /api/v1/fills` and `/recentFills` send it: price and fee strings, size an integer,
/// `tradeTime` ns. Samples: reference futures/rest/fills.json, recent-fills.json.
struct FillWire: Decodable, Sendable {
    let symbol: String
    let tradeId: String
    let orderId: String
    let side: String
    let liquidity: String?
    let price: WireDecimal
    let size: WireDecimal
    let fee: WireDecimal?
    let feeCurrency: String?
    let tradeTime: Int64

    func fill() throws(ExchangeError) -> Fill {
        guard let side = Side(rawValue: side) else { throw ExchangeError.decoding("fill side '\(side)'", input: Array(tradeId.utf8)) }
        return Fill(tradeID: tradeId, orderID: orderId, symbol: symbol, side: side, price: price.value, size: size.value,
                    fee: fee?.value ?? 0, feeCurrency: feeCurrency, liquidity: liquidity.flatMap(Liquidity.init(rawValue:)),
                    timestamp: Timestamp(nanoseconds: tradeTime))
    }
}

/// A page of fills.
struct FillPageWire: Decodable, Sendable {
    let items: [FillWire]
    let totalPage: Int?
    let currentPage: Int?
}

/// `GET /api/v1/contracts/risk-limit/{symbol}`. Sample: reference futures/rest/risk-limit.json.
struct RiskLimitWire: Decodable, Sendable {
    let symbol: String
    let level: Int
    let maxRiskLimit: Decimal
    let minRiskLimit: Decimal
    let maxLeverage: Decimal
    let initialMargin: Decimal
    let maintainMargin: Decimal
}

/// `GET /api/v1/funding-history`. Sample: reference futures/rest/funding-history.json.
struct FundingHistoryWire: Decodable, Sendable {
    struct Row: Decodable, Sendable {
        let id: Int64
        let symbol: String
        let timePoint: Int64
        let fundingRate: Decimal
        let markPrice: Decimal?
        let positionQty: Decimal?
        let funding: Decimal
        let settleCurrency: String?
    }
    let dataList: [Row]
    let hasMore: Bool
}

/// `GET /api/v1/contract/funding-rates` (note the lower-case `timepoint`). Sample: reference futures/rest/contract-funding-rates.json.
struct PublicFundingWire: Decodable, Sendable {
    let symbol: String
    let fundingRate: Decimal
    let timepoint: Int64
}

/// `GET /api/v2/position/getMarginMode` and `/api/v2/getCrossUserLeverage`.
struct MarginModeWire: Decodable, Sendable {
    let symbol: String
    let marginMode: String
}

struct CrossLeverageWire: Decodable, Sendable {
    let symbol: String
    let leverage: WireDecimal
}
