import Foundation

/// The request a REST call must build, as a fixture documents it (`rest/<call>.request.json`):
///
/// ```json
/// {"method":"POST","path":"/api/v1/orders","query":{},"body":{"clientOid":"conformance-client-1","side":"buy"},"signed":true}
/// ```
///
/// `query` lists every parameter (order does not matter, values are the raw text; `"*"` accepts
/// any value, for a timestamp or a signature); `body` is
/// compared as JSON values, so a number must stay a number and a string a string; `null`
/// means no body. `signed` says whether the venue's authentication must be on it.
public struct RequestShape: Sendable {
    /// The HTTP method.
    public var method: String
    /// The path, without the query.
    public var path: String
    /// The query parameters.
    public var query: [String: String]
    /// The body's JSON text, nil for none.
    public var body: String?
    /// Whether the request must be authenticated.
    public var signed: Bool

    /// Reads a shape file.
    /// - Throws: ``ConformanceFailure`` naming `file` and what is wrong.
    public init(json: [UInt8], file: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed]) as? [String: Any],
              let method = object["method"] as? String, let path = object["path"] as? String, let signed = object["signed"] as? Bool else {
            throw ConformanceFailure("\(file): not a request shape (an object with method, path, query, body and signed)")
        }
        self.method = method
        self.path = path
        self.signed = signed
        var query: [String: String] = [:]
        for (name, value) in object["query"] as? [String: Any] ?? [:] { query[name] = "\(value)" }
        self.query = query
        if let body = object["body"], !(body is NSNull) {
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .fragmentsAllowed])
            self.body = String(decoding: data, as: UTF8.self)
        } else {
            self.body = nil
        }
    }

    /// How `request` differs from the shape, one line per difference; empty when it matches.
    public func differences(from request: RecordedRequest, authenticated: Bool) -> [String] {
        var differences: [String] = []
        if request.method.uppercased() != method.uppercased() { differences.append("method \(request.method), expected \(method)") }
        if request.path != path { differences.append("path \(request.path), expected \(path)") }
        var sent: [String: String] = [:]
        for item in request.queryItems {
            if sent[item.name] != nil { differences.append("query parameter \(item.name) sent twice") }
            sent[item.name] = item.value
        }
        let matches = Set(sent.keys) == Set(query.keys) && query.allSatisfy { $0.value == "*" || sent[$0.key] == $0.value }
        if !matches { differences.append("query \(Self.render(sent)), expected \(Self.render(query))") }
        switch (body, request.body.isEmpty) {
        case (nil, false): differences.append("a body \(request.bodyString), expected none")
        case (let expected?, true): differences.append("no body, expected \(expected)")
        case (let expected?, false):
            if !Self.sameJSON(expected, request.body) { differences.append("body \(request.bodyString), expected \(expected)") }
        case (nil, true): break
        }
        if signed && !authenticated { differences.append("not signed as the venue documents (the profile's independent check failed)") }
        if !signed && authenticated { differences.append("signed, but the call is public") }
        return differences
    }

    static func render(_ query: [String: String]) -> String {
        "{" + query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&") + "}"
    }

    static func sameJSON(_ expected: String, _ actual: [UInt8]) -> Bool {
        guard let left = try? JSONSerialization.jsonObject(with: Data(expected.utf8), options: [.fragmentsAllowed]),
              let right = try? JSONSerialization.jsonObject(with: Data(actual), options: [.fragmentsAllowed]) else { return false }
        return jsonEqual(left, right)
    }
}
