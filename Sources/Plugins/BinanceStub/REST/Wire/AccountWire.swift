import ExchangeKit
import Foundation

/// `GET /fapi/v2/balance`: one asset of the futures wallet.
///
/// ```json
/// [{"accountAlias":"SgsR","asset":"USDT","balance":"122607.35137903","crossWalletBalance":"23.72469206",
///   "availableBalance":"23.72469206","maxWithdrawAmount":"23.72469206","marginAvailable":true,"updateTime":1617939110373}]
/// ```
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/Futures-Account-Balance-V2
struct BalanceWire: Decodable {
    let asset: String
    let balance: WireDecimal
    let availableBalance: WireDecimal
    let updateTime: Int64

    /// The wallet balance is the total; what is not available is held (margin, open orders).
    var normalized: Balance {
        Balance(currency: asset, available: availableBalance.value, total: balance.value, hold: balance.value - availableBalance.value,
                timestamp: updateTime == 0 ? nil : Timestamp(milliseconds: updateTime))
    }
}

/// `GET /fapi/v2/account` (and v3): the account's assets, the parts a ``Balance`` needs.
struct AccountWire: Decodable {
    let assets: [AssetWire]

    struct AssetWire: Decodable {
        let asset: String
        let walletBalance: WireDecimal
        let availableBalance: WireDecimal
        let updateTime: Int64?

        var normalized: Balance {
            Balance(currency: asset, available: availableBalance.value, total: walletBalance.value,
                    hold: walletBalance.value - availableBalance.value,
                    timestamp: updateTime.flatMap { $0 == 0 ? nil : Timestamp(milliseconds: $0) })
        }
    }
}

/// `GET /fapi/v2/positionRisk` (v3 lacks leverage and marginType): one position row.
///
/// ```json
/// {"symbol":"BTCUSDT","positionAmt":"0.001","entryPrice":"22185.2","markPrice":"21123.05052574","unRealizedProfit":"-1.06214947",
///  "liquidationPrice":"19731.45529116","leverage":"4","marginType":"cross","positionSide":"LONG","updateTime":1655217461579}
/// ```
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Position-Information-V2
struct PositionRiskWire: Decodable {
    let symbol: String
    let positionAmt: WireDecimal
    let entryPrice: WireDecimal
    let markPrice: WireDecimal?
    let unRealizedProfit: WireDecimal?
    let liquidationPrice: WireDecimal?
    let leverage: WireDecimal?
    let marginType: String?
    let marginAsset: String?
    let positionSide: String?
    let updateTime: Int64?

    /// The position, in base-asset quantity, negative when short; a zero liquidation price (none) is nil.
    var position: Position {
        Position(symbol: symbol, size: positionAmt.value, entryPrice: entryPrice.value, markPrice: markPrice?.value,
                 unrealizedPnL: unRealizedProfit?.value, leverage: leverage?.value,
                 liquidationPrice: BinanceVocabulary.nonZero(liquidationPrice?.value),
                 marginMode: marginType.flatMap { MarginMode(rawValue: $0.lowercased()) }, settleCurrency: marginAsset,
                 timestamp: updateTime.flatMap { $0 == 0 ? nil : Timestamp(milliseconds: $0) })
    }
}
