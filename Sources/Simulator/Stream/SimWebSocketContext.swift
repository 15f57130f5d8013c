import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of the simulator's WebSocket routes: Hummingbird's basic one, plus the
/// connection's channel, which the session writes market data to in batches.
struct SimWebSocketContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    /// The connection; after the upgrade, the same channel carries the WebSocket frames.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
