import Synchronization
import ExchangeKit

/// The REST fault checks: a 429 storm, a skewed clock and an order placement that times out.
enum RestFaultChecks {
    static func all(for plugin: any VenuePlugin.Type) -> [ConformanceCheck] {
        let rest = plugin.capabilities.rest
        var checks: [ConformanceCheck] = []
        if !rest.isEmpty { checks.append(rateLimitStorm) }
        if !rest.isDisjoint(with: signedCalls) { checks.append(clockSkew) }
        if rest.contains(.placeOrder) { checks.append(orderTimeout) }
        return checks
    }

    /// Declared calls that need credentials, in the order the clock-skew check prefers them.
    static let signedCalls: [Capabilities.RestCall] = [.balance, .positions, .orders, .fills]

    static let rateLimitStorm = ConformanceCheck(.faults, "rate-limit-storm", "429 answers in a row are waited out (no retry budget used) and the call succeeds; a storm longer than the client's patience ends in rateLimited, not a hang or another error") { context in
        let (call, invoke, shape, reply) = try pick(context) { !$0.signed }
        try await withScriptedHTTPServer { http in
            http.route(shape.method, shape.path) { _ in .json(String(decoding: reply, as: UTF8.self)) }
            let venue = try context.makeVenue(restURL: http.baseURL)
            for _ in 0..<3 { http.enqueue(context.profile.rateLimitReply(retryAfter: .milliseconds(100)), method: shape.method, path: shape.path) }
            let started = ContinuousClock.now
            do {
                try await invoke.invoke(venue, context.profile.parameters)
            } catch {
                throw ConformanceFailure("\(call) after three 429s failed: \(error)")
            }
            try require(ContinuousClock.now - started >= .milliseconds(250), "\(call) did not wait out the 429s (\(ContinuousClock.now - started))")
            try require(http.requests(path: shape.path).count == 4, "\(call) was sent \(http.requests(path: shape.path).count) times for three 429s, expected 4")

            for _ in 0..<20 { http.enqueue(context.profile.rateLimitReply(retryAfter: .milliseconds(20)), method: shape.method, path: shape.path) }
            do {
                try await invoke.invoke(venue, context.profile.parameters)
                throw ConformanceFailure("\(call) succeeded through twenty 429s")
            } catch let error as ExchangeError {
                try require(error.code == .rateLimited, "a 429 storm ended in \(error.code), expected rateLimited")
            }
            try require(http.requests(path: shape.path).count < 4 + 20, "the client kept hammering through the storm")
        }
    }

    static let clockSkew = ConformanceCheck(.faults, "clock-skew", "with the local clock 10 s fast, the venue's timestamp rejection makes the client re-read the venue's clock and the call then succeeds with a corrected timestamp") { context in
        let (call, invoke, shape, reply) = try pick(context) { $0.signed }
        let profile = context.profile
        try await withScriptedHTTPServer { http in
            let venue = try context.makeVenue(restURL: http.baseURL, clockOffset: .seconds(10))
            guard let timeRequest = venue.restClient?.venue.serverTimeRequest else {
                throw ConformanceFailure("\(profile.pluginName) has no server-time request, so it cannot re-estimate a skewed clock")
            }
            http.route(timeRequest.method.rawValue, timeRequest.path) { _ in profile.serverTimeReply(Timestamp.now()) }
            // Each request's timestamp minus the wall clock when it arrived (not when the call ended:
            // on a loaded machine the call can take seconds).
            let offsets = Mutex<[Int64]>([])
            http.route(shape.method, shape.path) { request in
                guard let stamp = profile.requestTimestamp(request) else { return profile.timestampRejection() }
                let offset = stamp.nanoseconds - Timestamp.now().nanoseconds
                offsets.withLock { $0.append(offset) }
                return abs(offset) > 5_000_000_000 ? profile.timestampRejection() : .json(String(decoding: reply, as: UTF8.self))
            }
            do {
                try await invoke.invoke(venue, profile.parameters)
            } catch {
                throw ConformanceFailure("\(call) with a clock 10 s fast failed: \(error)")
            }
            let requests = http.requests
            let signed = requests.filter { $0.path == shape.path }
            try require(signed.count == 2, "\(call) was sent \(signed.count) times, expected a rejected one and a corrected one")
            let seen = offsets.withLock { $0 }
            try require(seen.count == 2 && seen[0] > 8_000_000_000, "the first request's timestamp was not skewed (offsets from arrival, ns: \(seen))")
            try require(seen.count == 2 && abs(seen[1]) < 5_000_000_000, "the retry's timestamp was not corrected (offsets from arrival, ns: \(seen))")
            let first = requests.firstIndex { $0.path == shape.path }!
            try require(requests[first...].contains { $0.path == timeRequest.path }, "the venue's clock was not read after the rejection")
        }
    }

    static let orderTimeout = ConformanceCheck(.faults, "order-timeout", "an order placement that times out is never sent twice and fails with outcomeUnknown carrying the client order id") { context in
        let shape = try context.fixtures.requestShape(for: .placeOrder)
        let order = context.profile.parameters.order
        try await withScriptedHTTPServer { http in
            http.route(shape.method, shape.path) { _ in .fault(.stall) }
            let venue = try context.makeVenue(restURL: http.baseURL, requestTimeout: .seconds(2))
            guard let trading = venue as? any TradingVenue else { throw ConformanceFailure("\(context.profile.pluginName) declares place-order but is not a TradingVenue") }
            do {
                _ = try await trading.placeOrder(order, validateOnly: false)
                throw ConformanceFailure("a placement the server never answered succeeded")
            } catch let error as ExchangeError {
                try require(error.code == .outcomeUnknown, "a timed-out placement failed with \(error.code), expected outcomeUnknown")
                try require(error.clientOrderID != nil && error.clientOrderID == order.clientOrderID,
                            "outcomeUnknown carries client order id \(error.clientOrderID ?? "nil"), expected \(order.clientOrderID ?? "nil")")
            }
            let sent = http.requests.count
            // A resend would come within the retry backoff; a second of quiet proves there was none.
            _ = try? await http.waitForRequests(sent + 1, timeout: .seconds(1))
            try require(http.requests(path: shape.path).count == 1, "the placement was sent \(http.requests(path: shape.path).count) times")
        }
    }

    /// The first declared call whose shape `wanted` accepts, with its documented reply.
    static func pick(
        _ context: ConformanceContext, _ wanted: (RequestShape) -> Bool
    ) throws -> (Capabilities.RestCall, ConformanceCall, RequestShape, [UInt8]) {
        let rest = context.profile.plugin.capabilities.rest
        let preferred = signedCalls + [.serverTime, .ticker, .instruments, .orderBook]
        let candidates = preferred.filter(rest.contains) + rest.subtracting(preferred).sorted { $0.name < $1.name }
        for call in candidates where call != .placeOrder {
            guard let invoke = context.profile.customCalls[call] ?? .standard(call),
                  let shape = try? context.fixtures.requestShape(for: call), wanted(shape),
                  let reply = try? context.fixtures.reply(for: call) else { continue }
            return (call, invoke, shape, reply)
        }
        throw ConformanceFailure("no declared REST call of the kind this check needs has a shape and a reply in the fixtures")
    }
}
