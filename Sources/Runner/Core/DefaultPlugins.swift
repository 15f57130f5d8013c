/// The venues the runner knows when no Plugins.yaml is given or found: a copy of the
/// repository's Plugins.yaml (a test keeps the two equal).
enum DefaultPlugins {
    static let yaml = """
# The venues the runner (and any app built on ExchangeKit) uses, and how each is configured.
# Credentials are the NAMES of environment variables, never the values.
venues:
  - id: kucoin-futures
    plugin: KuCoinFutures
    enabled: true
    environment: live
    credentials: { key: KC_KEY, secret: KC_SECRET, passphrase: KC_PASSPHRASE }
    timeouts: { request: 10s }
    retry: { attempts: 3 }
    key_version: "2"
  - id: kucoin-spot
    plugin: KuCoinSpot
    enabled: true
    environment: live
    credentials: { key: KC_KEY, secret: KC_SECRET, passphrase: KC_PASSPHRASE }
    timeouts: { request: 10s }
    retry: { attempts: 3 }
    key_version: "2"
  - id: binance-usdm
    plugin: BinanceStub
    enabled: true
    environment: live
    credentials: { key: BINANCE_API_KEY, secret: BINANCE_API_SECRET }
    timeouts: { request: 10s }
    retry: { attempts: 3 }

  # The simulator on loopback (`swift run runner sim` listens on 8282; `runner demo` starts its own
  # and points this entry at it). It accepts KC_KEY/KC_SECRET/KC_PASSPHRASE when set, else a demo key.
  - id: kucoin-futures-sim
    plugin: KuCoinFutures
    enabled: true
    environment: sim
    rest_url: http://127.0.0.1:8282
    credentials: { key: KC_KEY, secret: KC_SECRET, passphrase: KC_PASSPHRASE }
    timeouts: { request: 5s }
    retry: { attempts: 3 }
    key_version: "2"
  # The same simulator's spot pairs (BTC-USDT, ETH-USDT by default; `runner sim --spot-symbols`), same port.
  - id: kucoin-spot-sim
    plugin: KuCoinSpot
    enabled: true
    environment: sim
    rest_url: http://127.0.0.1:8282
    credentials: { key: KC_KEY, secret: KC_SECRET, passphrase: KC_PASSPHRASE }
    timeouts: { request: 5s }
    retry: { attempts: 3 }
    key_version: "2"
"""
}
