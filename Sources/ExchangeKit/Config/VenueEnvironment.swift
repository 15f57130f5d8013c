/// Which deployment of a venue an entry talks to.
public enum VenueEnvironment: String, Sendable, Hashable, CaseIterable, Codable {
    /// The real exchange.
    case live
    /// The local simulator on loopback.
    case sim
    /// URLs given in the entry (`rest_url`, `ws_url`).
    case custom
}
