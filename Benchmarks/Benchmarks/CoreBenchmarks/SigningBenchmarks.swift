import Benchmark
import ExchangeKit

/// A KuCoin prehash as the futures API signs it: timestamp + METHOD + path + body.
let kucoinPrehash = #"1729100692873POST/api/v1/orders{"clientOid":"5c52e11203aa677f33e493fb","side":"buy","symbol":"XBTUSDTM","type":"limit","price":"96000","size":3,"leverage":10}"#

/// A Binance signed query as its spot API signs it (the whole query string).
let binanceQuery = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00200000&price=96000.00&recvWindow=5000&timestamp=1729100692873"

/// A made-up secret of a real secret's shape (KuCoin: 36-character UUID).
let benchmarkSecret = Secret("f03a5284-5c39-4aaa-9b20-dea10bdcf8e3")

func signingBenchmarks() {
    let key = HMACKey(secret: benchmarkSecret)
    let kucoinMessage = Array(kucoinPrehash.utf8)
    let binanceMessage = Array(binanceQuery.utf8)

    Benchmark(
        "HMAC-SHA256 base64 (KuCoin prehash, \(kucoinMessage.count) B)",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(key.base64(for: kucoinMessage))
        }
    }

    Benchmark(
        "HMAC-SHA256 hex (Binance query, \(binanceMessage.count) B)",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(key.hex(for: binanceMessage))
        }
    }

    // Diagnostic: the same KuCoin message, raw 32-byte code, no text encoding.
    Benchmark(
        "HMAC-SHA256 raw bytes (KuCoin prehash, diagnostic)",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(key.authenticationCode(for: kucoinMessage))
        }
    }
}
