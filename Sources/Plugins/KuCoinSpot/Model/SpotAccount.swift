import ExchangeKit
import Foundation

/// One KuCoin Spot account: a currency in the funding (`main`) or trading (`trade`) account.
public struct SpotAccount: Hashable, Sendable {
    /// The account id (for ``KuCoinSpot/account(id:)``).
    public var id: String
    public var currency: String
    /// `main` (funding) or `trade` (spot and HF trading).
    public var type: String
    /// Funds, held and available.
    public var balance: Decimal
    public var available: Decimal
    public var holds: Decimal

    /// Creates an account.
    public init(id: String, currency: String, type: String, balance: Decimal, available: Decimal, holds: Decimal) {
        self.id = id
        self.currency = currency
        self.type = type
        self.balance = balance
        self.available = available
        self.holds = holds
    }

    /// The account as a ``Balance``.
    public var asBalance: Balance { Balance(currency: currency, available: available, total: balance, hold: holds) }
}
