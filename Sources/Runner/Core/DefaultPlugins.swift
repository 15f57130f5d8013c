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
"""
}
