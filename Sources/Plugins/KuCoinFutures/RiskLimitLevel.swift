import Foundation

/// A risk-limit level of a KuCoin Futures isolated-margin contract.
public struct RiskLimitLevel: Hashable, Sendable {
    public var symbol: String
    public var level: Int
    public var minRiskLimit: Decimal
    public var maxRiskLimit: Decimal
    public var maxLeverage: Decimal
    public var initialMargin: Decimal
    public var maintenanceMargin: Decimal

    /// Creates a level.
    public init(symbol: String, level: Int, minRiskLimit: Decimal, maxRiskLimit: Decimal, maxLeverage: Decimal,
                initialMargin: Decimal, maintenanceMargin: Decimal) {
        self.symbol = symbol
        self.level = level
        self.minRiskLimit = minRiskLimit
        self.maxRiskLimit = maxRiskLimit
        self.maxLeverage = maxLeverage
        self.initialMargin = initialMargin
        self.maintenanceMargin = maintenanceMargin
    }
}
