import ExchangeKit
import Foundation

/// `GET /api/v1/accounts`: `[{id, currency, type, balance, available, holds}]`, amounts strings.
/// Sample: reference spot/rest/accounts.json.
struct AccountWire: Decodable, Sendable {
    let id: String
    let currency: String
    let type: String
    let balance: WireDecimal
    let available: WireDecimal
    let holds: WireDecimal

    var account: SpotAccount {
        SpotAccount(id: id, currency: currency, type: type, balance: balance.value, available: available.value, holds: holds.value)
    }
}

/// `GET /api/v1/accounts/{accountId}`: `{currency, balance, available, holds}`. Sample: reference spot/rest/account-detail.json.
struct AccountDetailWire: Decodable, Sendable {
    let currency: String
    let balance: WireDecimal
    let available: WireDecimal
    let holds: WireDecimal

    var balanceValue: Balance { Balance(currency: currency, available: available.value, total: balance.value, hold: holds.value) }
}
