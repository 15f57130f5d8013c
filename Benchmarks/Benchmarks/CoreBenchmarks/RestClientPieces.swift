import Benchmark
import ExchangeKit
import Logging
import Metrics

/// Diagnostics: the per-request work `RestClient.send` adds on top of AsyncHTTPClient,
/// each piece alone with warm caches. They mirror what RestClient.swift does per request
/// today (2026-11-25); if that changes, these stop describing it.
func restClientPieceBenchmarks() {
    let configuration = Benchmark.Configuration(scalingFactor: .kilo)
    let baseURL = "http://127.0.0.1:43127"
    let dateHeader = "Wed, 25 Nov 2026 22:12:08 GMT"

    // RestClient.prepare checks the (constant) base URL on every authenticated request.
    Benchmark("RestClient piece: EndpointURL.mayCarryCredentials(baseURL)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(EndpointURL.mayCarryCredentials(baseURL))
        }
    }

    // RestClient.learn parses every response's Date header to watch clock skew.
    Benchmark("RestClient piece: HTTPDate.parse(Date header)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(HTTPDate.parse(dateHeader))
        }
    }

    // RestClient.prepare builds the PreparedRequest and the venue's signer signs it.
    let credentials = Credentials(key: "6710f4c6a3f6b50001c2e7d9", secret: benchmarkSecret, passphrase: Secret("benchmark-passphrase"))
    let signer = KuCoinStyleSigner(credentials: credentials)
    let request = BenchmarkVenue.positionRequest
    let time = Timestamp(milliseconds: 1_729_100_692_873)
    Benchmark("RestClient piece: prepare + KuCoin-style sign of the GET", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var prepared = PreparedRequest(
                method: request.method, path: request.path, query: request.query, body: request.body ?? [], headers: request.headers)
            do {
                try signer.sign(&prepared, at: time)
            } catch {
                benchmark.error("sign failed: \(error)")
                return
            }
            blackHole(prepared)
        }
    }

    // RestClient hands its own logger to AsyncHTTPClient, which sets two metadata keys on
    // it per request; swift-log's default StreamLogHandler re-renders all metadata on each set.
    var streamLogger = Logger(label: "ExchangeKit.RestClient")
    streamLogger[metadataKey: "venue"] = "benchmark-kucoin"
    let noOpLogger = Logger(label: "ExchangeKit.RestClient", factory: { _ in SwiftLogNoOpLogHandler() })
    for (name, logger) in [("StreamLogHandler", streamLogger), ("no-op handler", noOpLogger)] {
        Benchmark("RestClient piece: AHC per-request logger metadata, \(name)", configuration: configuration) { benchmark in
            for index in benchmark.scaledIterations {
                var requestLogger = logger
                requestLogger[metadataKey: "ahc-connection-id"] = "\(index & 7)"
                requestLogger[metadataKey: "ahc-el"] = "SelectableEventLoop { selector = Selector { descriptor = 7 } }"
                blackHole(requestLogger)
            }
        }
    }

    // RestClient records a Timer and a Counter per request, with no metrics backend bootstrapped.
    Benchmark("RestClient piece: Timer + Counter per request (no metrics backend)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let dimensions = [("venue", "benchmark-kucoin"), ("endpoint", "position")]
            Timer(label: "exchangekit_rest_request_duration", dimensions: dimensions).recordNanoseconds(180_000)
            Counter(label: "exchangekit_rest_requests_total", dimensions: dimensions + [("status", "\(200)")]).increment()
        }
    }
}
