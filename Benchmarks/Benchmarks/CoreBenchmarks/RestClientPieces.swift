import AsyncHTTPClient
import Benchmark
import ExchangeKit
import Metrics
import NIOCore
import NIOHTTP1
import Synchronization

/// Diagnostics: the per-request work `RestClient.send` adds on top of AsyncHTTPClient,
/// each piece alone with warm caches. They mirror what RestClient.swift does per request
/// as of commits 34608e5 and c347a74 (2026-11-25: base URL checked once in init, `Date`
/// header parsed once per distinct value and weighed against the request's midpoint, metrics
/// objects cached, no logger handed to AsyncHTTPClient unless tracing); if RestClient
/// changes, these stop describing it.
///
/// Gone since that commit, because RestClient no longer does them per request:
/// `EndpointURL.mayCarryCredentials(baseURL)` (now once, in init), `HTTPDate.parse` of every
/// `Date` header (now once per distinct header text), AsyncHTTPClient's two metadata sets on
/// RestClient's `StreamLogHandler` logger (AsyncHTTPClient now gets none, like the raw side),
/// and building a `Timer` and a `Counter` per request (now cached by key).
func restClientPieceBenchmarks() {
    let configuration = Benchmark.Configuration(scalingFactor: .kilo)
    let baseURL = "http://127.0.0.1:43127"
    let request = BenchmarkVenue.positionRequest
    let endpoint = request.endpoint

    // RestClient.acquire: two clock reads, the state lock and the ledger's reservation.
    let ledger = Mutex(RateLimitLedger(pools: [RateLimitPool(BenchmarkVenue.futuresPool, quota: 1_000_000_000, window: .seconds(30))]))
    Benchmark("RestClient piece: acquire (rate-limit ledger reserve)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let deadline = ContinuousClock.now.advanced(by: .seconds(30))
            let now = ContinuousClock.now
            let reservation = ledger.withLock { $0.reserve(endpoint.costs, now: now) }
            blackHole(reservation)
            blackHole(deadline)
        }
    }

    // RestClient.prepare: default + request headers, the PreparedRequest, the skew under the
    // state lock, a wall-clock read, and the venue's signer.
    let credentials = Credentials(key: "6710f4c6a3f6b50001c2e7d9", secret: benchmarkSecret, passphrase: Secret("benchmark-passphrase"))
    let venue = BenchmarkVenue(baseURL: baseURL, credentials: credentials)
    let signer = venue.signer!
    let skew = Mutex(ClockSkew())
    Benchmark("RestClient piece: prepare + KuCoin-style sign of the GET", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var headers = venue.defaultHeaders
            headers.append(contentsOf: request.headers)
            var prepared = PreparedRequest(
                method: request.method, path: request.path, query: request.query, body: request.body ?? [], headers: headers)
            let time = skew.withLock { $0 }.venueTime(local: Timestamp.now())
            do {
                try signer.sign(&prepared, at: time)
            } catch {
                benchmark.error("sign failed: \(error)")
                return
            }
            blackHole(prepared)
        }
    }

    // RestClient.execute around the transport: the URL string, the method, the headers added
    // one by one, and afterwards the body copied into [UInt8] and a RestResponse. (The raw
    // side reuses one prebuilt HTTPHeaders and keeps the ByteBuffer.)
    var signed = PreparedRequest(method: request.method, path: request.path, query: request.query, body: [], headers: [])
    try! signer.sign(&signed, at: Timestamp(milliseconds: 1_729_100_692_873))
    let prepared = signed
    var responseHeaders = HTTPHeaders()
    responseHeaders.add(name: "Date", value: "Wed, 25 Nov 2026 22:12:08 GMT")
    responseHeaders.add(name: "Content-Type", value: "application/json")
    responseHeaders.add(name: "Content-Length", value: String(LoopbackServer.responseBody.utf8.count))
    let responseBody = ByteBuffer(string: LoopbackServer.responseBody)
    Benchmark("RestClient piece: HTTPClientRequest from PreparedRequest + RestResponse copy", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var outgoing = HTTPClientRequest(url: baseURL + prepared.encodedTarget)
            outgoing.method = NIOHTTP1.HTTPMethod(rawValue: prepared.method.rawValue)
            for (name, value) in prepared.headers { outgoing.headers.add(name: name, value: value) }
            if !prepared.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: prepared.body)) }
            blackHole(outgoing)
            blackHole(RestResponse(status: 200, headers: responseHeaders, body: Array(buffer: responseBody)))
        }
    }

    // RestClient.learn with the Date header cache hit (the header changes once a second):
    // the header lookup, the state lock, a string compare and the skew check.
    struct DateState {
        var skew = ClockSkew()
        var lastDateHeader: (text: String, time: Timestamp?)?
    }
    let dateState = Mutex(DateState())
    let response = RestResponse(status: 200, headers: responseHeaders, body: Array(buffer: responseBody))
    Benchmark("RestClient piece: Date header, cached (same text as the last response)", configuration: configuration) { benchmark in
        let receivedAt = Timestamp.now()
        let sentAt = receivedAt.advanced(by: .microseconds(-180))
        for _ in benchmark.scaledIterations {
            let header = response.header("Date")
            let changed = dateState.withLock { state -> Bool in
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
            blackHole(changed)
        }
    }

    // RestClient.timer/count, once each per request: the dimensions array, the cache key
    // string, a dictionary lookup under the state lock, then the record (no metrics backend
    // bootstrapped, so recording is a no-op) — plus the two clock reads timing the request.
    struct MetricsState {
        var counters: [String: Counter] = [:]
        var timers: [String: Timer] = [:]
    }
    let metricsState = Mutex(MetricsState())
    let venueID = venue.id.rawValue
    @Sendable func dimensions() -> [(String, String)] { [("venue", venueID), ("endpoint", endpoint.name)] }
    @Sendable func metricKey(_ label: String, _ dimensions: [(String, String)]) -> String {
        var key = label
        for (name, value) in dimensions { key += "|\(name)=\(value)" }
        return key
    }
    Benchmark("RestClient piece: cached Timer + Counter lookup per request (no metrics backend)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let started = ContinuousClock.now
            let timerDimensions = dimensions()
            let timerKey = metricKey("exchangekit_rest_request_duration", timerDimensions)
            let timer = metricsState.withLock { state -> Timer in
                if let timer = state.timers[timerKey] { return timer }
                let timer = Timer(label: "exchangekit_rest_request_duration", dimensions: timerDimensions)
                state.timers[timerKey] = timer
                return timer
            }
            timer.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            let counterDimensions = dimensions() + [("status", "\(200)")]
            let counterKey = metricKey("exchangekit_rest_requests_total", counterDimensions)
            let counter = metricsState.withLock { state -> Counter in
                if let counter = state.counters[counterKey] { return counter }
                let counter = Counter(label: "exchangekit_rest_requests_total", dimensions: counterDimensions)
                state.counters[counterKey] = counter
                return counter
            }
            counter.increment()
        }
    }

    // The benchmark venue's validate(): the envelope's `code` field.
    Benchmark("RestClient piece: BenchmarkVenue.validate (JSON code field)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try venue.validate(response, for: request))
            } catch {
                benchmark.error("validate failed: \(error)")
                return
            }
        }
    }
}
