import Foundation
import Synchronization

/// Writes a stream session as JSON lines, the format ``SessionReplayer``, `runner replay`
/// and the conformance kit read (one object per line, `record` first):
///
/// ```text
/// {"record":"header","version":1,"venue":"kucoin-futures","plugin":"KuCoinFutures","subscriptions":["trades:XBTUSDTM"],"recv_ts":…}
/// {"record":"dial","recv_ts":…,"private":false}
/// {"record":"frame","recv_ts":…,"text":"{\"type\":\"message\",…}"}
/// {"record":"frame","recv_ts":…,"binary":true,"base64":"…"}
/// {"record":"snapshot","recv_ts":…,"symbol":"XBTUSDTM","sequence":42,"ts":…,"bids":[["96000","3"]],"asks":[…]}
/// ```
///
/// Frames are kept exactly as received (a text frame that is not UTF-8 is kept as
/// `base64`); tokens and credentials are never written: dials are recorded without
/// their URL.
public final class SessionRecorder: Sendable {
    /// Where lines go (a file, a pipe, a test's buffer). Called under the recorder's lock, in order.
    public typealias Sink = @Sendable ([UInt8]) -> Void

    private let state: Mutex<State>
    private let sink: Sink
    private let clock: @Sendable () -> Timestamp

    struct State {
        var json = JSONWriter(capacity: 4096)
        var frames = 0
        var snapshots = 0
    }

    /// Creates a recorder writing lines to `sink`.
    public init(clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }, sink: @escaping Sink) {
        self.sink = sink
        self.clock = clock
        self.state = Mutex(State())
    }

    /// Frames recorded so far.
    public var frameCount: Int { state.withLock { $0.frames } }
    /// Snapshots recorded so far.
    public var snapshotCount: Int { state.withLock { $0.snapshots } }

    /// Writes the header line.
    public func header(venue: VenueID, plugin: String, subscriptions: [Subscription]) {
        line { json, time in
            json.field("record", "header")
            json.field("version", 1)
            json.field("venue", venue.rawValue)
            json.field("plugin", plugin)
            json.key("subscriptions")
            json.arrayStart()
            for subscription in subscriptions { json.value(subscription.description) }
            json.arrayEnd()
            json.field("recv_ts", time)
        }
    }

    /// Records a dial (a new connection; every one after the first is a reconnect on replay).
    public func dial(private isPrivate: Bool) {
        line { json, time in
            json.field("record", "dial")
            json.field("recv_ts", time)
            json.field("private", isPrivate)
        }
    }

    /// Records a frame exactly as received.
    public func frame(_ bytes: UnsafeRawBufferPointer, binary: Bool) {
        line { json, time in
            json.field("record", "frame")
            json.field("recv_ts", time)
            if !binary, String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) != nil {
                json.key("text")
                json.value(utf8: bytes)
            } else {
                if binary { json.field("binary", true) }
                json.field("base64", Data(bytes).base64EncodedString())
            }
        }
        state.withLock { $0.frames += 1 }
    }

    /// Records a REST snapshot the book synchroniser fetched.
    public func snapshot(_ snapshot: OrderBookSnapshot) {
        line { json, time in
            json.field("record", "snapshot")
            json.field("recv_ts", time)
            json.field("symbol", snapshot.symbol)
            json.field("ts", ifPresent: snapshot.timestamp)
            json.fields(of: snapshot)
        }
        state.withLock { $0.snapshots += 1 }
    }

    private func line(_ body: (inout JSONWriter, Timestamp) -> Void) {
        let time = clock()
        state.withLock { state in
            state.json.reset()
            state.json.objectStart()
            body(&state.json, time)
            state.json.objectEnd()
            state.json.bytes.append(UInt8(ascii: "\n"))
            sink(state.json.bytes)
        }
    }
}
