import Foundation

/// A perpetual contract's funding rate, current or settled.
public struct FundingRate: Hashable, Sendable, Codable {
    public var symbol: String
    /// The rate per funding interval (0.0001 = 0.01 %).
    public var rate: Decimal
    /// When the rate applies or was settled.
    public var timestamp: Timestamp?
    /// The next settlement time, when known.
    public var nextFundingTime: Timestamp?
    /// The predicted next rate, when the venue gives one.
    public var predictedRate: Decimal?
    /// The funding interval, when known.
    public var interval: Duration?

    /// Creates a funding rate.
    public init(
        symbol: String, rate: Decimal, timestamp: Timestamp? = nil, nextFundingTime: Timestamp? = nil,
        predictedRate: Decimal? = nil, interval: Duration? = nil
    ) {
        self.symbol = symbol
        self.rate = rate
        self.timestamp = timestamp
        self.nextFundingTime = nextFundingTime
        self.predictedRate = predictedRate
        self.interval = interval
    }
}
