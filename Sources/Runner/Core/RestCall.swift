import ExchangeKit

/// The calls `runner rest` knows, by the names users type.
enum RestCall: String, CaseIterable {
    case serverTime = "server-time"
    case instruments
    case contract
    case instrument
    case ticker
    case orderBook = "order-book"
    case candles
    case trades
    case markPrice = "mark-price"
    case fundingRate = "funding-rate"
    case balance
    case position
    case positions
    case placeOrder = "place-order"
    case cancelOrder = "cancel-order"
    case cancelAllOrders = "cancel-all-orders"
    case order
    case orders
    case fills
    case raw

    /// The capability a venue must declare to offer it (nil: always there).
    var capability: Capabilities.RestCall? {
        switch self {
        case .serverTime: .serverTime
        case .instruments, .contract, .instrument: .instruments
        case .ticker: .ticker
        case .orderBook: .orderBook
        case .candles: .candles
        case .trades: .trades
        case .markPrice: .markPrice
        case .fundingRate: .fundingRate
        case .balance: .balance
        case .position, .positions: .positions
        case .placeOrder: .placeOrder
        case .cancelOrder: .cancelOrder
        case .cancelAllOrders: .cancelAllOrders
        case .order, .orders: .orders
        case .fills: .fills
        case .raw: nil
        }
    }

    /// Whether it needs credentials.
    var isPrivate: Bool {
        switch self {
        case .balance, .position, .positions, .placeOrder, .cancelOrder, .cancelAllOrders, .order, .orders, .fills: true
        default: false
        }
    }

    /// One line of help.
    var usage: String {
        switch self {
        case .serverTime: "server-time"
        case .instruments: "instruments"
        case .contract, .instrument: "\(rawValue) SYMBOL"
        case .ticker, .trades, .markPrice, .fundingRate, .position, .cancelAllOrders: "\(rawValue) SYMBOL"
        case .orderBook: "order-book SYMBOL [--depth N]"
        case .candles: "candles SYMBOL [--interval 1m] [--from MS] [--to MS]"
        case .balance: "balance [CURRENCY]"
        case .positions: "positions"
        case .placeOrder: "place-order --symbol S --side buy|sell [--type limit|market] --size N [--price P] [--leverage L] [--validate]"
        case .cancelOrder: "cancel-order ID [--symbol S] | cancel-order --client-order-id ID --symbol S"
        case .order: "order ID [--symbol S]"
        case .orders, .fills: "\(rawValue) [--symbol S]"
        case .raw: "raw METHOD PATH [--query Q] [--body B] [--signed]"
        }
    }
}

/// Performs one call on a venue and renders its result as JSON.
struct RestCallRunner {
    let command: RestCommand
    let plugin: any VenuePlugin
    let venue: String

    func perform(_ call: RestCall) async throws -> String {
        switch call {
        case .serverTime:
            let time = try await market().serverTime()
            return object { $0.field("server_time", time) }
        case .instruments:
            return try await array(market().instruments()) { json, instrument in json.fields(of: instrument) }
        case .contract, .instrument:
            let instrument = try await market().instrument(symbol: argument("SYMBOL"))
            return object { $0.fields(of: instrument) }
        case .ticker:
            let symbol = try argument("SYMBOL")
            let ticker = try await market().ticker(symbol: symbol)
            return object(symbol: symbol, time: ticker.timestamp) { $0.fields(of: ticker) }
        case .orderBook:
            let symbol = try argument("SYMBOL")
            let book = try await market().orderBook(symbol: symbol, depth: command.depth)
            return object(symbol: symbol, time: book.timestamp) { $0.fields(of: book) }
        case .candles:
            let symbol = try argument("SYMBOL")
            let interval = try StreamOptions.interval(command.interval)
            let end = command.to.map { Timestamp(milliseconds: $0) } ?? Timestamp.now()
            let start = command.from.map { Timestamp(milliseconds: $0) } ?? end.advanced(by: interval * -100)
            return try await array(market().candles(symbol: symbol, interval: interval, from: start, to: end), symbol: symbol) { $0.fields(of: $1) }
        case .trades:
            let symbol = try argument("SYMBOL")
            return try await array(market().recentTrades(symbol: symbol), symbol: symbol) { json, trade in
                json.field("ts", ifPresent: trade.timestamp)
                json.fields(of: trade)
            }
        case .markPrice:
            let symbol = try argument("SYMBOL")
            let mark = try await market().markPrice(symbol: symbol)
            return object(symbol: symbol, time: mark.timestamp) { $0.fields(of: mark) }
        case .fundingRate:
            let symbol = try argument("SYMBOL")
            let funding = try await market().fundingRate(symbol: symbol)
            return object(symbol: symbol, time: funding.timestamp) { $0.fields(of: funding) }
        case .balance:
            let balance = try await trading().balance(currency: command.arguments.first ?? "USDT")
            return object(time: balance.timestamp) { $0.fields(of: balance) }
        case .position:
            let symbol = try argument("SYMBOL")
            let position = try await trading().position(symbol: symbol)
            return object(symbol: symbol, time: position.timestamp) { $0.fields(of: position) }
        case .positions:
            return try await array(trading().positions()) { json, position in
                json.field("symbol", position.symbol)
                json.fields(of: position)
            }
        case .placeOrder:
            let request = try command.order.request()
            let ack = try await trading().placeOrder(request, validateOnly: command.validate)
            return object(symbol: request.symbol) { json in
                json.fields(of: ack)
                if command.validate { json.field("validated_only", true) }
            }
        case .cancelOrder:
            let ids: [String]
            if let clientOrderID = command.order.clientOrderId, command.arguments.isEmpty {
                guard let symbol = command.order.symbol else { throw RunnerFailure.usage("cancel-order --client-order-id needs --symbol") }
                ids = try await trading().cancelOrder(clientOrderID: clientOrderID, symbol: symbol)
            } else {
                ids = try await trading().cancelOrder(id: argument("ID"), symbol: command.order.symbol)
            }
            return cancelled(ids)
        case .cancelAllOrders:
            let symbol = try argument("SYMBOL")
            return cancelled(try await trading().cancelAllOrders(symbol: symbol))
        case .order:
            let order = try await trading().order(id: argument("ID"), symbol: command.order.symbol)
            return object(symbol: order.symbol) { $0.fields(of: order) }
        case .orders:
            return try await array(trading().openOrders(symbol: command.order.symbol)) { json, order in
                json.field("symbol", order.symbol)
                json.fields(of: order)
            }
        case .fills:
            return try await array(trading().fills(symbol: command.order.symbol)) { json, fill in
                json.field("symbol", fill.symbol)
                json.field("ts", fill.timestamp)
                json.fields(of: fill)
            }
        case .raw:
            return try await raw()
        }
    }

    // MARK: - Calls

    private func market() throws -> any MarketDataVenue {
        guard let venue = plugin as? any MarketDataVenue else { throw RunnerFailure.usage("venue \(self.venue) offers no market-data calls") }
        return venue
    }

    private func trading() throws -> any TradingVenue {
        guard let venue = plugin as? any TradingVenue else { throw RunnerFailure.usage("venue \(self.venue) offers no trading calls") }
        return venue
    }

    private func argument(_ name: String, at index: Int = 0) throws -> String {
        guard command.arguments.count > index else { throw RunnerFailure.usage("\(command.call) needs \(name)") }
        return command.arguments[index]
    }

    /// `raw METHOD PATH`: the venue's response body as it came, after the client's checks.
    private func raw() async throws -> String {
        guard let client = plugin.restClient else { throw RunnerFailure.usage("venue \(venue) has no REST client") }
        let methodText = try argument("METHOD").uppercased()
        guard let method = HTTPMethod(rawValue: methodText) else { throw RunnerFailure.usage("raw: METHOD must be GET, POST, PUT or DELETE") }
        let path = try argument("PATH", at: 1)
        guard path.hasPrefix("/") else { throw RunnerFailure.usage("raw: PATH must start with /") }
        let endpoint = Endpoint("raw", isAuthenticated: command.signed,
                                idempotency: method.isIdempotentByDefault ? .idempotent : .nonIdempotent)
        let request = RestRequest(method, path, query: SignCommand.queryItems(command.query),
                                  body: command.body.map { Array($0.utf8) }, endpoint: endpoint)
        let response = try await client.send(request)
        return String(decoding: response.body, as: UTF8.self)
    }

    // MARK: - Output

    private func object(symbol: String? = nil, time: Timestamp? = nil, _ body: (inout JSONWriter) -> Void) -> String {
        var json = JSONWriter()
        json.objectStart()
        json.field("venue", venue)
        json.field("symbol", ifPresent: symbol)
        json.field("ts", ifPresent: time)
        body(&json)
        json.objectEnd()
        return json.string
    }

    private func array<Item>(_ items: [Item], symbol: String? = nil, _ body: (inout JSONWriter, Item) -> Void) -> String {
        var json = JSONWriter(capacity: 256 * max(items.count, 1))
        json.arrayStart()
        for item in items {
            json.objectStart()
            json.field("venue", venue)
            json.field("symbol", ifPresent: symbol)
            body(&json, item)
            json.objectEnd()
        }
        json.arrayEnd()
        return json.string
    }

    private func cancelled(_ ids: [String]) -> String {
        object { json in
            json.key("cancelled")
            json.arrayStart()
            for id in ids { json.value(id) }
            json.arrayEnd()
        }
    }
}
