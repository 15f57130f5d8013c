import Foundation
import NIOHTTP1

/// A venue's HTTP answer, body collected.
public struct RestResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, case-insensitive.
    public func header(_ name: String) -> String? { headers.first(name: name) }

    /// Decodes the body as JSON.
    /// - Throws: ``ExchangeError`` (`.decoding`) with an excerpt of the body.
    public func decode<T: Decodable>(_ type: T.Type, venue: VenueID? = nil, decoder: JSONDecoder = JSONDecoder()) throws(ExchangeError) -> T {
        do {
            return try decoder.decode(T.self, from: Data(body))
        } catch {
            throw ExchangeError.decoding("cannot decode \(T.self): \(Self.describe(error))", input: body, venue: venue)
        }
    }

    /// A short account of a decoding error: the path to the field and what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \(path(context)).\(key.stringValue)"
        case .typeMismatch(let type, let context):
            return "field \(path(context)) is not \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "field \(path(context)) is null, expected \(type)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
