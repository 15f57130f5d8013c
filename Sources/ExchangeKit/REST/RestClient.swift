import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends a venue's REST requests: signing, rate-limit ledger, clock skew, safe retries.
///
/// One client per venue, shared by every call. Each attempt is signed again
/// with a fresh, skew-corrected timestamp. Idempotent requests are retried on
/// transport errors and 5xx with capped exponential backoff and full jitter; a
/// 429 waits for the pool to refill without using up the retry budget; a
/// non-idempotent request (order placement) is never sent twice: when it may
/// have reached the venue, the error is `.outcomeUnknown` with its client
/// order id.
///
/// ```swift
/// let client = RestClient(venue: myVenue)
/// let response = try await client.send(RestRequest(.GET, "/api/v1/position", query: [.init("symbol", "XBTUSDTM")],
///                                                  endpoint: Endpoint("position", costs: [.init("Futures", weight: 2)], isAuthenticated: true)))
/// ```
public final class RestClient: Sendable {
    /// The venue this client speaks to.
    public let venue: any RestVenue
    /// Timeouts, retries and rate-limit waits.
    public let configuration: RestClientConfiguration

    private let httpClient: HTTPClient
    private let logger: Logger
    private let wallClock: @Sendable () -> Timestamp
    private let metrics: any MetricsFactory
    private let state: Mutex<State>

    struct State {
        var ledger: RateLimitLedger
        var skew = ClockSkew()
        /// The last `Date` header seen and its value: it changes once a second, parsing it per response costs.
        var lastDateHeader: (text: String, time: Timestamp?)?
        /// Counters and timers by name and labels, built once (building one goes through the metrics factory).
        var counters: [String: Counter] = [:]
        var timers: [String: Timer] = [:]
    }

    /// Whether the base URL may carry credentials (checked once: it never changes).
    private let baseURLMayCarryCredentials: Bool

    /// Creates a client.
    /// - Parameters:
    ///   - venue: the venue's REST rules.
    ///   - configuration: timeouts, retries and rate-limit waits.
    ///   - httpClient: the transport; the shared client by default.
    ///   - logger: where requests, retries and waits are logged (never secrets).
    ///   - metrics: where counters and timers go; the process-wide factory by default.
    ///   - wallClock: the local clock signatures start from; tests pass a skewed one.
    public init(
        venue: any RestVenue,
        configuration: RestClientConfiguration = RestClientConfiguration(),
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "ExchangeKit.RestClient"),
        metrics: any MetricsFactory = MetricsSystem.factory,
        wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }
    ) {
        self.metrics = metrics
        self.venue = venue
        self.configuration = configuration
        self.httpClient = httpClient
        var logger = logger
        logger[metadataKey: "venue"] = "\(venue.id)"
        self.logger = logger
        self.wallClock = wallClock
        self.state = Mutex(State(ledger: RateLimitLedger(pools: venue.rateLimitPools)))
        self.baseURLMayCarryCredentials = EndpointURL.mayCarryCredentials(venue.baseURL)
    }

    /// The current estimate of the venue's clock minus the local clock.
    public var clockSkew: ClockSkew { state.withLock { $0.skew } }

    /// The local clock corrected to the venue's.
    public func venueTime() -> Timestamp { state.withLock { $0.skew }.venueTime(local: wallClock()) }

    /// Weight left in a rate-limit pool now, as the ledger counts it.
    public func remainingWeight(in pool: String) -> Int? {
        state.withLock { $0.ledger.remaining(in: pool, now: .now) }
    }

    /// Sends a request and returns the venue's validated response.
    /// - Throws: ``ExchangeError`` for every failure the venue or the network causes;
    ///   `CancellationError` when the task is cancelled.
    public func send(_ request: RestRequest) async throws -> RestResponse {
        var attempt = 1
        var rejections = 0
        var resynchronized = false
        let endpoint = request.endpoint
        if configuration.dryRun {
            let prepared = try prepare(request)
            throw RestDryRun(endpoint: endpoint.name, baseURL: venue.baseURL,
                             request: prepared.redacted(venue.signer?.redactedFields ?? []))
        }
        while true {
            try Task.checkCancellation()
            try await acquire(endpoint.costs, endpoint: endpoint.name)
            let prepared = try prepare(request)
            let sentAt = wallClock()
            let started = ContinuousClock.now
            let outcome = await execute(prepared)
            timer("exchangekit_rest_request_duration", dimensions(endpoint))
                .recordNanoseconds((ContinuousClock.now - started).nanoseconds)

            let response: RestResponse
            switch outcome {
            case .failure(let failure):
                count("exchangekit_rest_requests_total", endpoint, extra: [("status", "transport")])
                if failure.error is CancellationError { throw CancellationError() }
                let error = failure.exchangeError
                if failure.mayHaveReachedVenue && endpoint.idempotency == .nonIdempotent {
                    logger.warning("request may have reached the venue; not resending", metadata: ["endpoint": "\(endpoint.name)", "error": "\(error.code)"])
                    throw ExchangeError.outcomeUnknown(
                        clientOrderID: request.clientOrderID, venue: venue.id,
                        message: "\(endpoint.name) may or may not have taken effect: \(error.message)", underlying: error)
                }
                if failure.isRetryable, attempt < configuration.retry.attempts {
                    try await backoff(after: attempt, endpoint: endpoint, reason: error.code.description)
                    attempt += 1
                    continue
                }
                throw error
            case .success(let received):
                response = received
            }

            count("exchangekit_rest_requests_total", endpoint, extra: [("status", "\(response.status)")])
            learn(from: response, request: request, sentAt: sentAt, receivedAt: wallClock())
            do throws(ExchangeError) {
                return try venue.validate(response, for: request)
            } catch {
                switch error.code {
                case .rateLimited:
                    rejections += 1
                    count("exchangekit_rest_rate_limited_total", endpoint)
                    let wait = error.retryAfter ?? configuration.rateLimiting.defaultRetryAfter
                    let now = ContinuousClock.now
                    state.withLock { $0.ledger.block(endpoint.costs.map(\.pool), until: now.advanced(by: wait), now: now) }
                    if rejections >= configuration.rateLimiting.maximumConsecutiveRejections
                        || wait > configuration.rateLimiting.maximumWait {
                        var final = error
                        final.venue = venue.id
                        final.retryAfter = wait
                        final.message = "\(error.message) (\(rejections) rate-limit rejection(s) in a row)"
                        throw final
                    }
                    logger.notice("rate limited; waiting", metadata: ["endpoint": "\(endpoint.name)", "wait": "\(wait)"])
                    try await Task.sleep(for: wait)
                    continue
                case .authentication where error.authenticationReason == .timestamp && !resynchronized:
                    resynchronized = true
                    logger.notice("venue rejected the timestamp; re-estimating clock skew", metadata: ["endpoint": "\(endpoint.name)"])
                    try await synchronizeClock()
                    continue
                case .api where (error.httpStatus ?? 0) >= 500:
                    if endpoint.idempotency == .nonIdempotent {
                        throw ExchangeError.outcomeUnknown(
                            clientOrderID: request.clientOrderID, venue: venue.id,
                            message: "\(endpoint.name) answered HTTP \(error.httpStatus ?? 0); it may or may not have taken effect",
                            underlying: error)
                    }
                    if attempt < configuration.retry.attempts {
                        try await backoff(after: attempt, endpoint: endpoint, reason: "http\(error.httpStatus ?? 0)")
                        attempt += 1
                        continue
                    }
                    throw error
                default:
                    throw error
                }
            }
        }
    }

    /// Sends a request and decodes the validated body as JSON.
    /// - Throws: ``ExchangeError``; `.decoding` with an excerpt when the body does not match `T`.
    public func send<T: Decodable>(_ request: RestRequest, as type: T.Type, decoder: JSONDecoder = JSONDecoder()) async throws -> T {
        let response = try await send(request)
        return try response.decode(T.self, venue: venue.id, decoder: decoder)
    }

    /// Reads the venue's clock and re-estimates the skew.
    /// - Throws: ``ExchangeError``; `.unsupported` when the venue has no server-time request.
    public func synchronizeClock() async throws {
        guard let request = venue.serverTimeRequest else {
            throw ExchangeError.unsupported("serverTime", venue: venue.id)
        }
        try await acquire(request.endpoint.costs, endpoint: request.endpoint.name)
        let sentAt = wallClock()
        let outcome = await execute(try prepare(request))
        let receivedAt = wallClock()
        switch outcome {
        case .failure(let failure):
            throw failure.exchangeError
        case .success(let response):
            let valid = try venue.validate(response, for: request)
            let serverTime = try venue.serverTime(from: valid)
            let skew = state.withLock { state in
                state.skew.record(serverTime: serverTime, sentAt: sentAt, receivedAt: receivedAt)
                return state.skew.offset
            }
            logger.debug("clock skew estimated", metadata: ["offset": "\(skew)"])
        }
    }

    // MARK: - Steps

    private func acquire(_ costs: [RateLimitCost], endpoint: String) async throws {
        guard !costs.isEmpty else { return }
        let deadline = ContinuousClock.now.advanced(by: configuration.rateLimiting.maximumWait)
        while true {
            let now = ContinuousClock.now
            let reservation = state.withLock { $0.ledger.reserve(costs, now: now) }
            guard case .wait(let until, let pool) = reservation else { return }
            if until > deadline {
                count("exchangekit_rest_ledger_rejections_total", Endpoint(endpoint), extra: [("pool", pool)])
                throw ExchangeError.rateLimited(
                    retryAfter: until - now, venue: venue.id,
                    message: "rate-limit pool \(pool) is spent; it refills in \(until - now), longer than the \(configuration.rateLimiting.maximumWait) this client waits")
            }
            logger.debug("waiting for rate-limit pool", metadata: ["pool": "\(pool)", "wait": "\(until - now)"])
            timer("exchangekit_rest_ledger_wait", [("venue", venue.id.rawValue), ("pool", pool)])
                .recordNanoseconds((until - now).nanoseconds)
            try await Task.sleep(until: until, clock: .continuous)
        }
    }

    /// The request as it would be sent now: default headers, and signed when authenticated.
    /// What `sign` tools print; send with ``send(_:)``, which signs again per attempt.
    /// - Throws: ``ExchangeError`` when it needs credentials that are not configured.
    public func prepare(_ request: RestRequest) throws(ExchangeError) -> PreparedRequest {
        var headers = venue.defaultHeaders
        headers.append(contentsOf: request.headers)
        var prepared = PreparedRequest(
            method: request.method, path: request.path, query: request.query,
            body: request.body ?? [], headers: headers)
        if request.endpoint.isAuthenticated {
            guard let signer = venue.signer else {
                throw ExchangeError.authentication(
                    .missingCredentials, message: "\(request.endpoint.name) needs credentials and none are configured", venue: venue.id)
            }
            guard baseURLMayCarryCredentials else {
                throw ExchangeError.configuration(
                    "refusing to send credentials in clear text to \(venue.baseURL); use https (plain http is allowed to loopback only)",
                    venue: venue.id)
            }
            let time = state.withLock { $0.skew }.venueTime(local: wallClock())
            try signer.sign(&prepared, at: time)
        }
        return prepared
    }

    struct TransportFailure: Error {
        var error: any Error
        var exchangeError: ExchangeError
        /// False only when the request certainly never left (connection refused, connect timeout).
        var mayHaveReachedVenue: Bool
        var isRetryable: Bool
    }

    private func execute(_ prepared: PreparedRequest) async -> Result<RestResponse, TransportFailure> {
        var request = HTTPClientRequest(url: venue.baseURL + prepared.encodedTarget)
        request.method = NIOHTTP1.HTTPMethod(rawValue: prepared.method.rawValue)
        for (name, value) in prepared.headers { request.headers.add(name: name, value: value) }
        if !prepared.body.isEmpty { request.body = .bytes(ByteBuffer(bytes: prepared.body)) }
        let deadline = NIODeadline.now() + .nanoseconds(configuration.requestTimeout.nanoseconds)
        do {
            // AsyncHTTPClient adds metadata to the logger it is given on every request, which costs
            // microseconds per call with most handlers; hand it ours only when tracing.
            let response = try await httpClient.execute(request, deadline: deadline, logger: logger.logLevel <= .trace ? logger : nil)
            let body = try await response.body.collect(upTo: configuration.maximumResponseBytes)
            return .success(RestResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body)))
        } catch {
            return .failure(classify(error))
        }
    }

    private func classify(_ error: any Error) -> TransportFailure {
        if error is CancellationError {
            return TransportFailure(error: error, exchangeError: .transport("cancelled", venue: venue.id), mayHaveReachedVenue: true, isRetryable: false)
        }
        if error is NIOTooManyBytesError {
            return TransportFailure(
                error: error,
                exchangeError: .transport("response larger than \(configuration.maximumResponseBytes) bytes", venue: venue.id),
                mayHaveReachedVenue: true, isRetryable: false)
        }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout, .socksHandshakeTimeout, .tlsHandshakeTimeout:
                return TransportFailure(error: error, exchangeError: .timeout("could not connect: \(http.shortDescription)", venue: venue.id),
                                        mayHaveReachedVenue: false, isRetryable: true)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return TransportFailure(
                    error: error,
                    exchangeError: .timeout("no complete answer within \(configuration.requestTimeout)", venue: venue.id),
                    mayHaveReachedVenue: true, isRetryable: true)
            case .cancelled:
                return TransportFailure(error: CancellationError(), exchangeError: .transport("cancelled", venue: venue.id),
                                        mayHaveReachedVenue: true, isRetryable: false)
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportFailure(error: error, exchangeError: .configuration("invalid venue URL \(venue.baseURL): \(http.shortDescription)", venue: venue.id),
                                        mayHaveReachedVenue: false, isRetryable: false)
            default:
                return TransportFailure(error: error, exchangeError: .transport("HTTP transport failed: \(http.shortDescription)", venue: venue.id, underlying: http),
                                        mayHaveReachedVenue: true, isRetryable: true)
            }
        }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED {
            return TransportFailure(error: error, exchangeError: .transport("connection refused", venue: venue.id),
                                    mayHaveReachedVenue: false, isRetryable: true)
        }
        let text = String(describing: error)
        // NIOPosix's NIOConnectionError (every address failed to connect) is not visible from here
        // without another import; its text names the refused connect.
        if String(describing: type(of: error)) == "NIOConnectionError" || text.contains("Connection refused") {
            return TransportFailure(error: error, exchangeError: .transport("connection refused", venue: venue.id),
                                    mayHaveReachedVenue: false, isRetryable: true)
        }
        return TransportFailure(error: error, exchangeError: .transport("transport failed: \(type(of: error))", venue: venue.id),
                                mayHaveReachedVenue: true, isRetryable: true)
    }

    private func learn(from response: RestResponse, request: RestRequest, sentAt: Timestamp, receivedAt: Timestamp) {
        let observations = venue.rateLimitObservations(in: response, for: request)
        let header = response.header("Date")
        guard !observations.isEmpty || header != nil else { return }
        let now = ContinuousClock.now
        let changed = state.withLock { state -> Bool in
            for observation in observations { state.ledger.observe(observation, now: now) }
            guard let header else { return false }
            let date: Timestamp?
            if let last = state.lastDateHeader, last.text == header {
                date = last.time
            } else {
                date = HTTPDate.parse(header)
                state.lastDateHeader = (header, date)
            }
            guard let date else { return false }
            return state.skew.recordDateHeader(date, sentAt: sentAt, receivedAt: receivedAt)
        }
        if changed {
            logger.notice("venue clock differs from local clock; skew re-estimated from Date header",
                          metadata: ["offset": "\(clockSkew.offset)"])
        }
    }

    private func backoff(after attempt: Int, endpoint: Endpoint, reason: String) async throws {
        count("exchangekit_rest_retries_total", endpoint, extra: [("reason", reason)])
        let cap = configuration.retry.backoffCap(forRetry: attempt)
        let wait = Duration.nanoseconds(Int64.random(in: 0...max(cap.nanoseconds, 0)))
        logger.info("retrying", metadata: ["endpoint": "\(endpoint.name)", "attempt": "\(attempt + 1)", "reason": "\(reason)", "wait": "\(wait)"])
        try await Task.sleep(for: wait)
    }

    private func dimensions(_ endpoint: Endpoint) -> [(String, String)] {
        [("venue", venue.id.rawValue), ("endpoint", endpoint.name)]
    }

    private func count(_ label: String, _ endpoint: Endpoint, extra: [(String, String)] = []) {
        let dimensions = dimensions(endpoint) + extra
        let key = Self.metricKey(label, dimensions)
        let counter = state.withLock { state -> Counter in
            if let counter = state.counters[key] { return counter }
            let counter = Counter(label: label, dimensions: dimensions, factory: metrics)
            state.counters[key] = counter
            return counter
        }
        counter.increment()
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> Timer {
        let key = Self.metricKey(label, dimensions)
        return state.withLock { state -> Timer in
            if let timer = state.timers[key] { return timer }
            let timer = Timer(label: label, dimensions: dimensions, factory: metrics)
            state.timers[key] = timer
            return timer
        }
    }

    private static func metricKey(_ label: String, _ dimensions: [(String, String)]) -> String {
        var key = label
        for (name, value) in dimensions { key += "|\(name)=\(value)" }
        return key
    }
}
