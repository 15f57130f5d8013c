import ExchangeKit
import Foundation
import KuCoinCore

extension KuCoinSpot {
    /// The account's funding (`main`) and trading (`trade`) accounts (`GET /api/v1/accounts`), optionally
    /// of one currency or type.
    public func accounts(currency: String? = nil, type: String? = nil) async throws -> [SpotAccount] {
        var query: [QueryItem] = []
        if let currency { query.append(QueryItem("currency", currency)) }
        if let type { query.append(QueryItem("type", type)) }
        return try await rest.kucoinData(RestRequest(.GET, "/api/v1/accounts", query: query,
                                                     endpoint: KuCoinEndpoint.signed("accounts", pool: KuCoinPool.management, weight: 5)),
                                         as: [AccountWire].self).map(\.account)
    }

    /// One account by id (`GET /api/v1/accounts/{accountId}`).
    public func account(id accountID: String) async throws -> Balance {
        try await rest.kucoinData(RestRequest(.GET, "/api/v1/accounts/\(try KuCoinPath.component(accountID))",
                                              endpoint: KuCoinEndpoint.signed("account", pool: KuCoinPool.management, weight: 5)),
                                  as: AccountDetailWire.self).balanceValue
    }

    /// The trading account's funds in one currency (`GET /api/v1/accounts?currency=&type=trade`): what
    /// spot orders can use. Zero when KuCoin has no such account yet (it opens one on first deposit).
    public func balance(currency: String) async throws -> Balance {
        let trade = try await accounts(currency: currency, type: "trade").filter { $0.currency == currency && $0.type == "trade" }
        guard let first = trade.first else { return Balance(currency: currency, available: 0, total: 0, hold: 0) }
        return trade.dropFirst().reduce(first.asBalance) { sum, account in
            Balance(currency: currency, available: sum.available + account.available, total: (sum.total ?? 0) + account.balance,
                    hold: (sum.hold ?? 0) + account.holds)
        }
    }
}
