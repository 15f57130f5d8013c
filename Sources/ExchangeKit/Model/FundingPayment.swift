import Foundation

/// One funding settlement of the account's position.
public struct FundingPayment: Hashable, Sendable, Codable {
    public var id: Int64
    public var symbol: String
    public var time: Timestamp
    public var rate: Decimal
    public var markPrice: Decimal?
    public var positionSize: Decimal?
    /// Received (+) or paid (−), in the settle currency.
    public var amount: Decimal
    public var currency: String?

    /// Creates a payment.
    public init(id: Int64, symbol: String, time: Timestamp, rate: Decimal, markPrice: Decimal? = nil, positionSize: Decimal? = nil,
                amount: Decimal, currency: String? = nil) {
        self.id = id
        self.symbol = symbol
        self.time = time
        self.rate = rate
        self.markPrice = markPrice
        self.positionSize = positionSize
        self.amount = amount
        self.currency = currency
    }
}
