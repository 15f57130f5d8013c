import ExchangeKit

/// The user data stream's key (`/fapi/v1/listenKey`, USER_STREAM security: the API key header, no signature).
public struct BinanceListenKey: Sendable {
    /// The REST client whose signer holds the API key.
    public let rest: RestClient

    /// Creates the calls.
    public init(rest: RestClient) { self.rest = rest }

    /// Starts the stream, or extends the active key, and returns the key (`POST`).
    public func create() async throws -> String {
        try await rest.send(request(.POST), as: ListenKeyWire.self).listenKey
    }

    /// Extends the key by 60 minutes (`PUT`).
    public func keepAlive() async throws {
        _ = try await rest.send(request(.PUT))
    }

    /// Extends the key for a live connection; a key Binance no longer knows (`-1125`) is
    /// ``StreamKeepAlive/Expired``, so the connection is dialled again with a new one.
    /// - Throws: ``StreamKeepAlive/Expired`` for `-1125`, ``ExchangeError`` for any other failure.
    func keepAliveOrExpire() async throws {
        do {
            try await keepAlive()
        } catch let error as ExchangeError where BinanceErrorCodes.isInvalidListenKey(error) {
            throw StreamKeepAlive.Expired(reason: "listenKey keepalive answered -1125: the key no longer exists")
        }
    }

    /// Closes the stream (`DELETE`).
    public func close() async throws {
        _ = try await rest.send(request(.DELETE))
    }

    /// The request, with `X-MBX-APIKEY` from the signer's credentials.
    /// - Throws: ``ExchangeError`` (`.authentication`) when no credentials are configured.
    func request(_ method: HTTPMethod) throws(ExchangeError) -> RestRequest {
        guard let signer = rest.venue.signer as? BinanceSigner else {
            throw ExchangeError.authentication(.missingCredentials, message: "the user data stream needs an API key", venue: rest.venue.id)
        }
        return RestRequest(method, "/fapi/v1/listenKey", headers: [("X-MBX-APIKEY", signer.apiKey)],
                           endpoint: BinanceEndpoint.public("listenKey", weight: 1))
    }
}
