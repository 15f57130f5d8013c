/// The account and order REST calls, in normalized types, that generic tools can
/// call on any venue. All of them need credentials.
///
/// `symbol` parameters a venue does not need (KuCoin cancels by id alone) are
/// ignored there; venues that need them (Binance) throw `.invalidRequest` when
/// they are missing.
public protocol TradingVenue: VenuePlugin {
    /// The balance of one currency.
    func balance(currency: String) async throws -> Balance
    /// Places an order, or only validates it on the venue's test endpoint.
    /// - Throws: ``ExchangeError``; `.outcomeUnknown` (with the client order id) when the
    ///   placement may or may not have happened. A placement is never sent twice.
    func placeOrder(_ order: OrderRequest, validateOnly: Bool) async throws -> OrderAck
    /// Cancels one order by id; returns the ids the venue cancelled.
    func cancelOrder(id: String, symbol: String?) async throws -> [String]
    /// Cancels one order by client order id; returns the ids the venue cancelled.
    func cancelOrder(clientOrderID: String, symbol: String) async throws -> [String]
    /// Cancels every open order of a symbol; returns the ids the venue cancelled.
    func cancelAllOrders(symbol: String) async throws -> [String]
    /// One order by id.
    func order(id: String, symbol: String?) async throws -> Order
    /// Open orders, of one symbol or all.
    func openOrders(symbol: String?) async throws -> [Order]
    /// Recent fills, of one symbol or all, newest first.
    func fills(symbol: String?) async throws -> [Fill]
    /// The position in one symbol (derivatives); a flat position has size 0.
    func position(symbol: String) async throws -> Position
    /// Every open position (derivatives).
    func positions() async throws -> [Position]
}

extension TradingVenue {
    public func position(symbol: String) async throws -> Position {
        throw ExchangeError.unsupported("position", venue: id)
    }

    public func positions() async throws -> [Position] {
        throw ExchangeError.unsupported("positions", venue: id)
    }
}
