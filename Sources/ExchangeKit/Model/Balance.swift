import Foundation

/// Funds of one currency in an account.
public struct Balance: Hashable, Sendable, Codable {
    public var currency: String
    /// What can be used for new orders or withdrawn.
    public var available: Decimal
    /// Everything, including what is held.
    public var total: Decimal?
    /// What the venue reports as held (frozen for orders or withdrawals); venues differ in what
    /// they count, so `total − available` need not equal it.
    public var hold: Decimal?
    /// Exchange time, when the venue gives one.
    public var timestamp: Timestamp?

    /// Creates a balance.
    public init(currency: String, available: Decimal, total: Decimal? = nil, hold: Decimal? = nil, timestamp: Timestamp? = nil) {
        self.currency = currency
        self.available = available
        self.total = total
        self.hold = hold
        self.timestamp = timestamp
    }
}
