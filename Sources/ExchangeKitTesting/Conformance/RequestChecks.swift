import ExchangeKit

/// The request checks: each declared REST call, answered with the venue's documented reply,
/// builds exactly the request its fixture documents and decodes that reply.
enum RequestChecks {
    static func all(for plugin: any VenuePlugin.Type) -> [ConformanceCheck] {
        plugin.capabilities.rest.sorted { $0.name < $1.name }.map(check)
    }

    static func check(_ call: Capabilities.RestCall) -> ConformanceCheck {
        ConformanceCheck(.requests, call.name, "'\(call.name)' builds its documented request (method, path, query, body, signature) and decodes the documented reply") { context in
            guard let invoke = context.profile.customCalls[call] ?? .standard(call) else {
                throw ConformanceFailure("the kit cannot call '\(call.name)' through MarketDataVenue or TradingVenue; the profile's customCalls must give it")
            }
            let shape = try context.fixtures.requestShape(for: call)
            let reply = try context.fixtures.reply(for: call)
            try await withScriptedHTTPServer { http in
                // A call may read something first (Binance lists the open orders it cancels): every
                // declared call's documented reply answers its own route, this call's last.
                var routes: Set<String> = []
                for other in context.profile.plugin.capabilities.rest where other != call {
                    guard let otherShape = try? context.fixtures.requestShape(for: other), let otherReply = try? context.fixtures.reply(for: other) else { continue }
                    routes.insert(otherShape.method.uppercased() + " " + otherShape.path)
                    http.route(otherShape.method, otherShape.path) { _ in .json(String(decoding: otherReply, as: UTF8.self)) }
                }
                http.route(shape.method, shape.path) { _ in .json(String(decoding: reply, as: UTF8.self)) }
                http.setFallback(.json(String(decoding: reply, as: UTF8.self)))
                let venue = try context.makeVenue(restURL: http.baseURL)
                let timePath = venue.restClient?.venue.serverTimeRequest?.path
                do {
                    try await invoke.invoke(venue, context.profile.parameters)
                } catch {
                    throw ConformanceFailure("'\(call.name)' failed on its documented reply (rest/\(call.name).json): \(error)")
                }
                let sent = http.requests.filter { $0.path != timePath || shape.path == timePath }
                let requests = sent.filter { $0.method.uppercased() == shape.method.uppercased() && $0.path == shape.path }
                let strays = sent.filter { other in
                    !routes.contains(other.method.uppercased() + " " + other.path) && !(other.method.uppercased() == shape.method.uppercased() && other.path == shape.path)
                }
                guard requests.count == 1, let request = requests.first, strays.isEmpty else {
                    throw ConformanceFailure("'\(call.name)' sent \(sent.map { "\($0.method) \($0.uri)" }), expected one \(shape.method) \(shape.path) (and only other declared calls besides)")
                }
                var findings = shape.differences(from: request, authenticated: context.profile.isAuthenticated(request, with: context.credentials))
                let secret = context.credentials.secret.withUnredactedValue { $0 }
                let raw = request.uri + request.bodyString + request.headers.map { "\($0.name): \($0.value)" }.joined()
                if raw.contains(secret) { findings.append("the API secret itself is in the request") }
                if !findings.isEmpty { throw ConformanceFailure(findings.map { "'\(call.name)': \($0)" }) }
            }
        }
    }
}
