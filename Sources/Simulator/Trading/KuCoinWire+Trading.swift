import ExchangeKit
import Foundation

// The account side of KuCoin Futures' wire format, in the shapes of the reference samples
// (order-by-id.json, fills.json, position.json, tradeOrders*.json, position.change.json,
// wallet.walletBalance-change.json, advancedOrders.stopOrder.json).
extension KuCoinWire {
    static func text(_ value: Decimal) -> String { DecimalText.string(value) }

    static func order(_ order: SimOrder, contract: SimContract) -> String {
        let price = order.price.map { "\"\(contract.price($0))\"" } ?? "null"
        let average = order.filled > 0 ? text(order.filledValue / (Decimal(order.filled) * contract.multiplierValue)) : "0"
        let stopPrice = order.stopPrice.map { "\"\(contract.price($0))\"" } ?? "null"
        let status = order.isActive ? "open" : "done"
        let value = order.price.map { text(contract.decimal(ticks: $0) * Decimal(order.size) * contract.multiplierValue) } ?? "0"
        return #"{"id":"\#(order.id)","symbol":"\#(order.symbol)","type":"\#(order.kind.rawValue)","side":"\#(order.side.rawValue)","price":\#(price),"size":\#(order.size),"value":"\#(value)","dealValue":"\#(text(order.filledValue))","dealSize":\#(order.filled),"stp":"","stop":"\#(order.stop ?? "")","stopPriceType":"\#(order.stopPriceType ?? "")","stopTriggered":\#(order.stopTriggered),"stopPrice":\#(stopPrice),"timeInForce":"\#(order.timeInForce.rawValue)","postOnly":\#(order.postOnly),"hidden":false,"iceberg":false,"leverage":"\#(text(order.leverage))","forceHold":false,"closeOrder":false,"visibleSize":0,"clientOid":"\#(order.clientOid)","remark":null,"tags":"","isActive":\#(order.isActive),"cancelExist":\#(order.canceled > 0),"createdAt":\#(order.createdAt / 1_000_000),"updatedAt":\#(order.updatedAt / 1_000_000),"endAt":\#(order.isActive ? "null" : String(order.updatedAt / 1_000_000)),"orderTime":\#(order.createdAt),"settleCurrency":"USDT","marginMode":"ISOLATED","avgDealPrice":"\#(average)","filledSize":\#(order.filled),"filledValue":"\#(text(order.filledValue))","status":"\#(status)","reduceOnly":\#(order.reduceOnly)}"#
    }

    static func page(_ items: [String]) -> String {
        #"{"currentPage":1,"pageSize":\#(max(items.count, 50)),"totalNum":\#(items.count),"totalPage":1,"items":[\#(items.joined(separator: ","))]}"#
    }

    static func fill(_ fill: SimFill, contract: SimContract) -> String {
        #"{"symbol":"\#(fill.symbol)","tradeId":"\#(fill.tradeID)","orderId":"\#(fill.orderID)","side":"\#(fill.side.rawValue)","liquidity":"\#(fill.liquidity)","forceTaker":false,"price":"\#(contract.price(fill.price))","size":\#(fill.lots),"value":"\#(text(fill.value))","openFeePay":"\#(text(fill.fee))","closeFeePay":"0","stop":"","feeRate":"\#(text(fill.feeRate))","fixFee":"0","feeCurrency":"USDT","marginMode":"ISOLATED","fee":"\#(text(fill.fee))","settleCurrency":"USDT","orderType":"\#(fill.orderType.rawValue)","tradeType":"trade","tradeTime":\#(fill.time),"createdAt":\#(fill.time / 1_000_000)}"#
    }

    static func position(_ position: SimPosition, market: SimMarket, settings: SimSettings = SimSettings(), time: Int64) -> String {
        let contract = market.contract
        let mark = contract.decimal(ticks: market.mid)
        let quantity = Decimal(position.quantity)
        let unrealised = (mark - position.entryPrice) * quantity * contract.multiplierValue
        let cost = position.entryPrice * quantity * contract.multiplierValue
        let margin = abs(cost) / position.leverage
        return #"{"id":"sim-\#(position.symbol)","symbol":"\#(position.symbol)","autoDeposit":false,"crossMode":\#(settings.marginMode == "CROSS"),"maintMarginReq":0.005,"riskLimit":500000,"realLeverage":\#(text(position.leverage)),"delevPercentage":0.1,"openingTimestamp":\#(position.openedAt / 1_000_000),"currentTimestamp":\#(time / 1_000_000),"currentQty":\#(position.quantity),"currentCost":\#(text(cost)),"currentComm":0,"unrealisedCost":\#(text(cost)),"realisedGrossCost":0,"realisedCost":0,"isOpen":\#(position.quantity != 0),"markPrice":\#(text(mark)),"markValue":\#(text(mark * quantity * contract.multiplierValue)),"posCost":\#(text(cost)),"posCross":0,"posInit":\#(text(margin)),"posComm":0,"posLoss":0,"posMargin":\#(text(margin)),"posFunding":0,"posMaint":0,"maintMargin":\#(text(margin)),"realisedGrossPnl":0,"realisedPnl":\#(text(position.realisedPnl)),"unrealisedPnl":\#(text(unrealised)),"unrealisedPnlPcnt":0,"unrealisedRoePcnt":0,"avgEntryPrice":\#(text(position.entryPrice)),"liquidationPrice":0,"bankruptPrice":0,"settleCurrency":"USDT","riskLimitLevel":\#(settings.riskLimitLevel),"marginMode":"\#(settings.marginMode)","positionSide":"BOTH","leverage":\#(text(position.leverage))}"#
    }

    static func accountOverview(wallet: Decimal, available: Decimal, positionMargin: Decimal, orderMargin: Decimal, unrealised: Decimal, currency: String) -> String {
        #"{"accountEquity":\#(text(wallet + unrealised)),"unrealisedPNL":\#(text(unrealised)),"marginBalance":\#(text(wallet)),"positionMargin":\#(text(positionMargin)),"orderMargin":\#(text(orderMargin)),"frozenFunds":0,"availableBalance":\#(text(available)),"currency":"\#(currency)","riskRatio":0,"maxWithdrawAmount":\#(text(available))}"#
    }

    // MARK: - Private stream frames

    /// An order change on `/contractMarket/tradeOrders` (subject `orderChange`) or `…:SYMBOL` (`symbolOrderChange`).
    static func orderChange(_ order: SimOrder, type: String, match: SimFill?, contract: SimContract, topic: String, time: Int64) -> String {
        let subject = topic.contains(":") ? "symbolOrderChange" : "orderChange"
        let status = type == "match" && order.isActive ? "match" : order.isActive ? "open" : "done"
        var data = #""symbol":"\#(order.symbol)","side":"\#(order.side.rawValue)","orderType":"\#(order.kind.rawValue)","canceledSize":"\#(order.canceled)","orderId":"\#(order.id)","clientOid":"\#(order.clientOid)","marginMode":"ISOLATED","type":"\#(type)","orderTime":\#(order.createdAt),"size":"\#(order.size)","filledSize":"\#(order.filled)","price":"\#(order.price.map { contract.price($0) } ?? "")","remainSize":"\#(order.remaining)","status":"\#(status)","ts":\#(time)"#
        if let match {
            data += #","matchPrice":"\#(contract.price(match.price))","matchSize":"\#(match.lots)","tradeId":"\#(match.tradeID)","liquidity":"\#(match.liquidity)","feeType":"\#(match.liquidity == "maker" ? "makerFee" : "takerFee")""#
        }
        return #"{"topic":"\#(topic)","type":"message","subject":"\#(subject)","channelType":"private","data":{\#(data)}}"#
    }

    static func positionChange(_ position: SimPosition, market: SimMarket, topic: String, time: Int64) -> String {
        var object = KuCoinWire.position(position, market: market, time: time)
        object.removeLast()
        return #"{"topic":"\#(topic)","type":"message","subject":"position.change","channelType":"private","data":\#(object),"changeReason":"positionChange"}}"#
    }

    static func walletChange(wallet: Decimal, available: Decimal, orderMargin: Decimal, positionMargin: Decimal, version: Int64, time: Int64) -> String {
        #"{"topic":"/contractAccount/wallet","type":"message","subject":"walletBalance.change","channelType":"private","data":{"crossPosMargin":"0","isolatedOrderMargin":"\#(text(orderMargin))","holdBalance":"0","equity":"\#(text(wallet))","version":"\#(version)","availableBalance":"\#(text(available))","isolatedPosMargin":"\#(text(positionMargin))","walletBalance":"\#(text(wallet))","isolatedFundingFeeMargin":"0","crossUnPnl":"0","totalCrossMargin":"\#(text(available))","currency":"USDT","isolatedUnPnl":"0","crossOrderMargin":"0","timestamp":"\#(time / 1_000_000)"}}"#
    }

    static func stopOrder(_ order: SimOrder, type: String, contract: SimContract, time: Int64) -> String {
        #"{"topic":"/contractMarket/advancedOrders","type":"message","data":{"createdAt":\#(order.createdAt / 1_000_000),"marginMode":"ISOLATED","orderId":"\#(order.id)","orderPrice":"\#(order.price.map { contract.price($0) } ?? "0")","orderType":"stop","side":"\#(order.side.rawValue)","size":\#(order.size),"stop":"\#(order.stop ?? "")","stopPrice":"\#(order.stopPrice.map { contract.price($0) } ?? "0")","stopPriceType":"\#(order.stopPriceType ?? "TP")","symbol":"\#(order.symbol)","ts":\#(time),"type":"\#(type)"},"subject":"stopOrder","channelType":"private"}"#
    }
}
