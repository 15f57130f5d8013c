/// One scripted answer (or misbehaviour) of ``ScriptedHTTPServer``.
///
/// Values are plain data so that tests can build them up front, store them in queues shared
/// with the event loop threads and reuse them across requests.
public struct ScriptedResponse: Sendable {
    /// HTTP status code to send, e.g. 200, 429, 503.
    public var status: Int
    /// Extra response headers, sent in this order.
    ///
    /// `Content-Length` and `Transfer-Encoding` are always computed by the server (so that
    /// keep-alive framing can never be broken by a script); a scripted `Date` header replaces
    /// the server's own one, which is how tests simulate clock skew.
    public var headers: [(String, String)]
    /// Response body bytes, sent with an exact `Content-Length`.
    public var body: [UInt8]
    /// Time to wait after the request has fully arrived and before answering (or applying the
    /// fault); lets tests trigger client-side timeouts deterministically.
    public var delay: Duration?
    /// Connection-level misbehaviour applied instead of (or part-way through) a normal answer.
    public var fault: Fault?

    /// Ways the server can misbehave at the transport level, the failures a REST client must
    /// survive in production.
    public enum Fault: Sendable {
        /// Aborts the TCP connection with `SO_LINGER` 0, so the peer sees a RST (connection
        /// reset) rather than an orderly end of stream; no response bytes are sent.
        case resetAfterRequest
        /// Closes the connection gracefully (FIN) without sending any response bytes, as a
        /// server that crashed or dropped an idle keep-alive connection would.
        case closeWithoutResponse
        /// Sends the head with the full `Content-Length`, then only the first `sendBytes` body
        /// bytes, then closes: a response cut off mid-body.
        case truncatedBody(sendBytes: Int)
        /// Never answers; the connection stays open until the client gives up or the server
        /// shuts down, so only the client's own timeout can end the request.
        case stall
    }

    /// Creates a response; every parameter defaults to the plain "200, empty body, no fault".
    public init(
        status: Int = 200,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        delay: Duration? = nil,
        fault: Fault? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.fault = fault
    }

    /// A JSON response; `Content-Type: application/json` is added unless `headers` already
    /// carries a content type (so a test can script e.g. a wrong one on purpose).
    public static func json(
        _ text: String,
        status: Int = 200,
        headers: [(String, String)] = []
    ) -> ScriptedResponse {
        ScriptedResponse(
            status: status,
            headers: Self.addingContentType("application/json", to: headers),
            body: Array(text.utf8)
        )
    }

    /// A plain-text (UTF-8) response; `Content-Type: text/plain; charset=utf-8` is added unless
    /// `headers` already carries a content type.
    public static func text(
        _ text: String,
        status: Int = 200,
        headers: [(String, String)] = []
    ) -> ScriptedResponse {
        ScriptedResponse(
            status: status,
            headers: Self.addingContentType("text/plain; charset=utf-8", to: headers),
            body: Array(text.utf8)
        )
    }

    /// A response that only applies `fault`; status, headers and body matter only for
    /// `.truncatedBody`, so set them with `init` when the truncated head/body should differ
    /// from the defaults.
    public static func fault(_ fault: Fault) -> ScriptedResponse {
        ScriptedResponse(fault: fault)
    }

    /// A copy of this response that waits `by` before being sent (or before its fault fires).
    public func delayed(by: Duration) -> ScriptedResponse {
        var copy = self
        copy.delay = by
        return copy
    }

    private static func addingContentType(
        _ contentType: String,
        to headers: [(String, String)]
    ) -> [(String, String)] {
        // A scripted content type must win, otherwise tests could not exercise clients that
        // have to cope with a mislabelled body.
        if headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            return headers
        }
        return [("Content-Type", contentType)] + headers
    }
}
