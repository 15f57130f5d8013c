import ExchangeKit
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// One client's WebSocket connection (Futures or Spot topics), speaking KuCoin's classic protocol: the token checked on
/// dial, `welcome`, `ping` → `pong`, `subscribe` / `unsubscribe` → `ack`, then the frames of
/// the subscribed topics as the market moves.
struct SimWebSocketSession {
    let exchange: SimExchange

    /// Topic prefixes the simulator publishes, and those it accepts and stays silent on (as KuCoin
    /// does for topics it knows but has nothing for).
    /// Futures and Spot alike: one token serves both here (KuCoin's hosts issue separate ones).
    static let publicTopics = ["/contractMarket/execution:", "/contractMarket/tickerV2:", "/contractMarket/level2:",
                               "/contractMarket/level2Depth5:", "/contractMarket/level2Depth50:", "/contractMarket/ticker:",
                               "/contractMarket/limitCandle:", "/contract/instrument:", "/contractMarket/snapshot:", "/contract/announcement",
                               "/market/match:", "/market/ticker:", "/market/level2:", "/spotMarket/level2Depth5:", "/spotMarket/level2Depth50:",
                               "/spotMarket/level1:", "/market/candles:", "/market/snapshot:"]
    static let privateTopics = ["/contractMarket/tradeOrders", "/contractMarket/advancedOrders", "/contract/position:",
                                "/contract/positionAll", "/contractAccount/wallet", "/contract/marginMode", "/contract/crossLeverage",
                                "/spotMarket/tradeOrders", "/spotMarket/advancedOrders", "/account/balance"]

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel, token: String?, connectID: String) async throws {
        let isPrivate: Bool
        switch token.map(exchange.check(token:)) ?? .unknown {
        case .valid(let privateToken):
            isPrivate = privateToken
        case .expired:
            try await refuse(outbound, connectID, "token is expired")
            return
        case .unknown:
            try await refuse(outbound, connectID, "token is invalid")
            return
        }
        let (id, frames, backlog) = exchange.addFeed(isPrivate: isPrivate)
        defer { exchange.removeFeed(id) }
        try await outbound.write(.text(KuCoinWire.welcome(connectID)))
        let opened = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var sent = 0
                for await batch in frames {
                    backlog.remove(batch.bytes.readableBytes)
                    let faults = exchange.faults
                    let age = ContinuousClock.now - opened
                    if let after = faults.dropAfter, age >= after { throw SimDrop() }
                    if let after = faults.silentAfter, age >= after { continue }
                    var batch = batch
                    var drop = false
                    if let every = faults.dropEvery, sent + batch.count >= every {
                        batch = batch.prefix(every - sent)
                        drop = true
                    }
                    try await Self.write(batch.bytes, to: channel)
                    sent += batch.count
                    if drop { throw SimDrop() }
                }
                // The feed was cut off (a consumer too slow) or removed: close the connection.
                try? await outbound.close(.goingAway, reason: "slow consumer")
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else {
                        try await outbound.write(.text(KuCoinWire.error(connectID, code: 415, "type is not supported")))
                        continue
                    }
                    if let after = exchange.faults.silentAfter, ContinuousClock.now - opened >= after { continue }
                    try await handle(text, feed: id, isPrivate: isPrivate, outbound: outbound)
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Writes a batch of frames, already framed, as one write and one flush on the channel's event loop.
    ///
    /// hummingbird-websocket's writer writes and flushes every frame on its own (a system call
    /// each), and NIO's frame encoder takes one `WebSocketFrame` at a time; market data goes
    /// below the encoder instead, as the bytes of a whole tick, in order. Acks take the same queue
    /// (queued as their topics are registered, so no data frame overtakes one and no event after
    /// one is missed); welcome, pong and errors go through the writer and the encoder.
    static func write(_ bytes: ByteBuffer, to channel: any Channel) async throws {
        // Back-pressure: a client that does not read is not buffered without bound here.
        while !channel.isWritable && channel.isActive { try await Task.sleep(for: .milliseconds(1)) }
        guard channel.isActive else { throw SimDrop() }
        try await channel.eventLoop.submit {
            // The encoder's context writes to the handler after it: the bytes go out as they are.
            let encoder = try channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
            encoder.writeAndFlush(NIOAny(bytes), promise: nil)
        }.get()
    }

    /// KuCoin's refusal: an error frame, then the close. The close waits a moment so a client
    /// still setting up its side of the upgrade reads the frame rather than a bare FIN.
    private func refuse(_ outbound: WebSocketOutboundWriter, _ connectID: String, _ reason: String) async throws {
        try await outbound.write(.text(KuCoinWire.error(connectID, code: 401, reason)))
        try await Task.sleep(for: .milliseconds(100))
    }

    private func handle(_ text: String, feed: Int, isPrivate: Bool, outbound: WebSocketOutboundWriter) async throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            try await outbound.write(.text(KuCoinWire.error(UUID().uuidString, code: 400, "Unrecognized token")))
            return
        }
        let id = (object["id"] as? String) ?? (object["id"] as? NSNumber).map { "\($0)" } ?? ""
        switch object["type"] as? String {
        case "ping":
            try await outbound.write(.text(KuCoinWire.pong(id, micros: Timestamp.now().nanoseconds / 1_000)))
        case let type? where type == "subscribe" || type == "unsubscribe":
            guard let topic = object["topic"] as? String, let topics = Self.expand(topic) else {
                try await outbound.write(.text(KuCoinWire.error(id, code: 404, "topic does not exist")))
                return
            }
            let wantsPrivate = topics.contains { topic in Self.privateTopics.contains { topic.hasPrefix($0) } }
            if wantsPrivate && (!isPrivate || object["privateChannel"] as? Bool != true) {
                try await outbound.write(.text(KuCoinWire.error(id, code: 401, "private topics need a private token and privateChannel")))
                return
            }
            // The ack goes out on the data frames' queue, registered with the topics in one step.
            let ack = object["response"] as? Bool == true ? KuCoinWire.ack(id) : nil
            if type == "subscribe" { exchange.subscribe(feed, topics: topics, ack: ack) } else { exchange.unsubscribe(feed, topics: topics, ack: ack) }
        default:
            try await outbound.write(.text(KuCoinWire.error(id, code: 415, "type is not supported")))
        }
    }

    /// `/contractMarket/execution:XBTUSDTM,ETHUSDTM` → one topic per symbol; nil for a topic the venue does not have.
    static func expand(_ topic: String) -> [String]? {
        guard (publicTopics + privateTopics).contains(where: { topic.hasPrefix($0) }) else { return nil }
        guard let colon = topic.firstIndex(of: ":") else { return [topic] }
        let prefix = topic[...colon]
        let symbols = topic[topic.index(after: colon)...].split(separator: ",")
        guard !symbols.isEmpty, symbols.count <= 100 else { return nil }
        return symbols.map { String(prefix + $0) }
    }
}

/// Ends a connection abruptly (the drop faults): no close frame.
struct SimDrop: Error {}
