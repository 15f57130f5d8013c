import ExchangeKit
import Foundation

// The spot account's side of KuCoin's wire format, in the shapes of the reference samples
// (accounts.json, hf-order-get.json, hf-fills.json, tradeOrdersV2.*.json, account-balance.json).
extension KuCoinSpotWire {
    static func text(_ value: Decimal) -> String { DecimalText.string(value) }

    /// The id of the trading account of a currency (stable, so `GET /api/v1/accounts/{id}` finds it).
    static func accountID(_ currency: String) -> String { "sim\(currency.lowercased())trade" }

    /// One `trade` account: `{id, currency, type, balance, available, holds}`, strings. Sample spot/rest/accounts.json.
    static func account(currency: String, total: Decimal, hold: Decimal) -> String {
        #"{"id":"\#(accountID(currency))","currency":"\#(currency)","type":"trade","balance":"\#(text(total))","available":"\#(text(total - hold))","holds":"\#(text(hold))"}"#
    }

    /// `GET /api/v1/accounts/{accountId}`. Sample spot/rest/account-detail.json.
    static func accountDetail(currency: String, total: Decimal, hold: Decimal) -> String {
        #"{"currency":"\#(currency)","balance":"\#(text(total))","available":"\#(text(total - hold))","holds":"\#(text(hold))"}"#
    }

    /// An HF order as `GET /api/v1/hf/orders/{orderId}` sends it. Sample spot/rest/hf-order-get.json.
    static func order(_ order: SimSpotOrder, pair: SimContract) -> String {
        let size = order.size ?? 0
        let funds = order.funds ?? order.price.map { pair.value(ticks: $0, lots: size) } ?? 0
        // A market order by funds spends what whole increments it can: filled when it dealt at all,
        // its leftover (less than one increment's value) stays remainFunds.
        let remainFunds = order.price == nil && order.funds == nil ? 0 : funds - order.dealFunds
        let cancelledFunds = order.funds.map { !order.isActive && order.filled == 0 ? $0 : 0 } ?? 0
        return #"{"id":"\#(order.id)","clientOid":"\#(order.clientOid)","symbol":"\#(order.symbol)","opType":"DEAL","type":"\#(order.kind.rawValue)","side":"\#(order.side.rawValue)","price":"\#(order.price.map { pair.price($0) } ?? "0")","size":"\#(pair.size(size))","funds":"\#(text(funds))","dealSize":"\#(pair.size(order.filled))","dealFunds":"\#(text(order.dealFunds))","remainSize":"\#(pair.size(order.remaining))","remainFunds":"\#(text(remainFunds))","cancelledSize":"\#(pair.size(order.canceled))","cancelledFunds":"\#(text(cancelledFunds))","fee":"\#(text(order.fee))","feeCurrency":"\#(pair.quote)","stp":null,"timeInForce":"\#(order.timeInForce.rawValue)","postOnly":\#(order.postOnly),"hidden":false,"iceberg":false,"visibleSize":"0","cancelAfter":0,"channel":"API","remark":null,"tags":null,"cancelExist":\#(order.canceled > 0 || cancelledFunds > 0),"tradeType":"TRADE","inOrderBook":\#(order.isActive),"active":\#(order.isActive),"tax":"0","createdAt":\#(order.createdAt / 1_000_000),"lastUpdatedAt":\#(order.updatedAt / 1_000_000)}"#
    }

    /// An HF fill, `id` and `tradeId` int64 numbers. Sample spot/rest/hf-fills.json.
    static func fill(_ fill: SimFill, pair: SimContract) -> String {
        #"{"id":\#(fill.fillID),"orderId":"\#(fill.orderID)","counterOrderId":"\#(fill.counterOrderID)","tradeId":\#(fill.tradeID),"symbol":"\#(fill.symbol)","side":"\#(fill.side.rawValue)","liquidity":"\#(fill.liquidity)","type":"\#(fill.orderType.rawValue)","forceTaker":false,"price":"\#(pair.price(fill.price))","size":"\#(pair.size(fill.lots))","funds":"\#(text(fill.value))","fee":"\#(text(fill.fee))","feeRate":"\#(text(fill.feeRate))","feeCurrency":"\#(pair.quote)","stop":"","tradeType":"TRADE","taxRate":"0","tax":"0","createdAt":\#(fill.time / 1_000_000)}"#
    }

    // MARK: - Private stream frames

    /// An order change on `/spotMarket/tradeOrdersV2` (or the V1 `/spotMarket/tradeOrders`), subject `orderChange`.
    /// `type` received | open | match | filled | canceled; `status` new | open | match | done.
    /// Samples spot/ws/tradeOrdersV2.received.json, tradeOrdersV2.open.json.
    static func orderChange(_ order: SimSpotOrder, type: String, match: SimFill?, pair: SimContract, topic: String, time: Int64) -> String {
        let status = switch type {
        case "received": "new"
        case "match": "match"
        case "filled", "canceled": "done"
        default: "open"
        }
        var data = #""clientOid":"\#(order.clientOid)","orderId":"\#(order.id)","orderTime":\#(order.createdAt / 1_000_000),"orderType":"\#(order.kind.rawValue)","side":"\#(order.side.rawValue)","status":"\#(status)","symbol":"\#(order.symbol)","ts":\#(time),"type":"\#(type)""#
        if let size = order.size {
            data += #","originSize":"\#(pair.size(size))""#
            if type != "received" { data += #","size":"\#(pair.size(size))","remainSize":"\#(pair.size(order.remaining))""# }
        } else if let funds = order.funds {
            data += #","originFunds":"\#(text(funds))""#
        }
        if let price = order.price { data += #","price":"\#(pair.price(price))""# }
        if type != "received" { data += #","filledSize":"\#(pair.size(order.filled))","canceledSize":"\#(pair.size(order.canceled))""# }
        if let match {
            data += #","matchPrice":"\#(pair.price(match.price))","matchSize":"\#(pair.size(match.lots))","tradeId":"\#(match.tradeID)","liquidity":"\#(match.liquidity)","feeType":"\#(match.liquidity == "maker" ? "makerFee" : "takerFee")""#
        }
        return #"{"topic":"\#(topic)","type":"message","subject":"orderChange","userId":"sim","channelType":"private","data":{\#(data)}}"#
    }

    /// One currency's funds after a change, on `/account/balance` (subject `account.balance`); `time` ms as a string.
    /// Sample spot/ws/account-balance.json.
    static func balanceChange(currency: String, total: Decimal, hold: Decimal, availableChange: Decimal, holdChange: Decimal,
                              symbol: String, orderID: String, tradeID: String?, event: String, eventID: String, time: Int64) -> String {
        let trade = tradeID.map { #","tradeId":"\#($0)""# } ?? ""
        return #"{"topic":"/account/balance","type":"message","subject":"account.balance","id":"\#(eventID)","userId":"sim","channelType":"private","data":{"accountId":"\#(accountID(currency))","currency":"\#(currency)","total":"\#(text(total))","available":"\#(text(total - hold))","hold":"\#(text(hold))","availableChange":"\#(text(availableChange))","holdChange":"\#(text(holdChange))","relationContext":{"symbol":"\#(symbol)","orderId":"\#(orderID)"\#(trade)},"relationEvent":"\#(event)","relationEventId":"\#(eventID)","time":"\#(time / 1_000_000)"}}"#
    }
}
