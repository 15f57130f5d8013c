import ExchangeKitTesting
import NIOCore
import Testing
import WSClient

private enum ScriptFailure: Error {
    case boom
    case unexpected(String)
}

@Suite(.timeLimit(.minutes(1)))
struct ScriptedWebSocketServerTests {
    @Test func scriptSendsWelcomeThenAnswersSubscribeWithAck() async throws {
        let welcome = #"{"event":"welcome"}"#
        let subscribe = #"{"op":"subscribe","channel":"trades"}"#
        let ack = #"{"event":"subscribed","channel":"trades"}"#
        try await withScriptedWebSocketServer { server in
            server.onConnection { connection in
                try await connection.send(text: welcome)
                let request = try await connection.nextText()
                guard request == subscribe else { throw ScriptFailure.unexpected(request) }
                try await connection.send(text: ack)
            }
            let inbox = Inbox()
            let outcome = await runClient(server.url + "/ws/v1") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                guard let first = try await messages.next() else { return }
                inbox.append(first)
                try await outbound.write(.text(subscribe))
                guard let second = try await messages.next() else { return }
                inbox.append(second)
            }
            let closeFrame = try outcome.get()
            #expect(inbox.texts == [welcome, ack])
            #expect(closeFrame?.closeCode == .normalClosure)
            let connection = try #require(server.connections.first)
            #expect(connection.id == 1)
            #expect(connection.request.path == "/ws/v1")
            #expect(connection.receivedTexts == [subscribe])
            #expect(connection.closeCodeFromClient == 1000)
            #expect(server.scriptErrors.isEmpty)
        }
    }

    @Test func sendBatchDeliversTenThousandFramesInOrder() async throws {
        let texts = (0..<10_000).map { #"{"seq":\#($0),"price":"101.25"}"# }
        try await withScriptedWebSocketServer { server in
            server.onConnection { connection in
                try await connection.sendBatch(texts)
            }
            let inbox = Inbox()
            let outcome = await runClient(server.url) { inbound, _, _ in
                try await inbox.collect(inbound, upTo: texts.count)
            }
            _ = try outcome.get()
            #expect(inbox.texts.count == texts.count)
            #expect(inbox.texts == texts)
        }
    }

    @Test func sendRawDeliversPrebuiltAndFragmentedFrames() async throws {
        var raw = ScriptedWebSocketConnection.frame(text: "raw-1") + ScriptedWebSocketConnection.frame(text: "raw-2")
        raw += ScriptedWebSocketConnection.frame(opcode: 0x1, fin: false, payload: Array("frag".utf8))
        raw += ScriptedWebSocketConnection.frame(opcode: 0x0, fin: true, payload: Array("mented".utf8))
        let bytes = raw
        try await withScriptedWebSocketServer { server in
            server.onConnection { connection in
                try await connection.sendRaw(bytes)
            }
            let inbox = Inbox()
            let outcome = await runClient(server.url) { inbound, _, _ in
                try await inbox.collect(inbound, upTo: 3)
            }
            _ = try outcome.get()
            #expect(inbox.texts == ["raw-1", "raw-2", "fragmented"])
        }
    }

    @Test func malformedRawFrameMakesTheClientCloseWithProtocolError() async throws {
        try await withScriptedWebSocketServer { server in
            server.onConnection { connection in
                // Opcode 0x3 is reserved: a conforming client must fail the connection (1002).
                try await connection.sendRaw(ScriptedWebSocketConnection.frame(opcode: 0x3, payload: [1, 2]))
            }
            let outcome = await runClient(server.url) { inbound, _, _ in
                try await Inbox().collect(inbound)
            }
            let connection = try #require(try await server.waitForConnections(1).first)
            try await connection.waitUntilClosed()
            #expect(connection.closeCodeFromClient == 1002)
            _ = outcome
        }
    }

    @Test func binaryFramesArriveAsBinaryBothWays() async throws {
        let payload: [UInt8] = [0, 1, 2, 127, 128, 254, 255]
        try await withScriptedWebSocketServer { server in
            server.onConnection { connection in
                try await connection.send(binary: payload)
            }
            let inbox = Inbox()
            let outcome = await runClient(server.url) { inbound, outbound, _ in
                try await inbox.collect(inbound, upTo: 1)
                try await outbound.write(.binary(ByteBuffer(bytes: [9, 8, 7])))
                // A fragmented message: the server must reassemble it into one text frame.
                try await outbound.withTextMessageWriter { write in
                    try await write("frag")
                    try await write("mented")
                }
            }
            _ = try outcome.get()
            #expect(inbox.messages == [.binary(ByteBuffer(bytes: payload))])
            let connection = try #require(server.connections.first)
            let data = connection.received.filter { $0.kind == .binary || $0.kind == .text }
            #expect(data.map(\.kind) == [.binary, .text])
            #expect(data.first?.bytes == [9, 8, 7])
            #expect(data.first?.text == nil)
            #expect(data.last?.text == "fragmented")
        }
    }

    @Test func closeWith1001GivesTheClientThatCloseFrame() async throws {
        try await withScriptedWebSocketServer { server in
            let (closeDurations, reportCloseDuration) = AsyncStream.makeStream(of: Duration.self)
            server.onConnection { connection in
                try await connection.send(text: "bye")
                let started = ContinuousClock.now
                try await connection.close(code: 1001, reason: "maintenance")
                reportCloseDuration.yield(.now - started)
            }
            let inbox = Inbox()
            let outcome = await runClient(server.url) { inbound, _, _ in
                try await inbox.collect(inbound)
            }
            let closeFrame = try outcome.get()
            #expect(closeFrame?.closeCode == .goingAway)
            #expect(closeFrame?.reason == "maintenance")
            #expect(inbox.texts == ["bye"])
            let connection = try #require(server.connections.first)
            try await connection.waitUntilClosed()
            // The client answered the close handshake, so the server did not need its 1 s grace.
            #expect(connection.closeCodeFromClient == 1000)
            await #expect(throws: ScriptedWebSocketError.self) {
                try await connection.send(text: "after close")
            }
            var durations = closeDurations.makeAsyncIterator()
            let duration = try #require(await durations.next())
            #expect(duration < .seconds(1))
            #expect(server.scriptErrors.isEmpty)
        }
    }

    @Test func closeGivesUpOnASilentClientAfterOneSecond() async throws {
        try await withScriptedWebSocketServer { server in
            let (closeDurations, reportCloseDuration) = AsyncStream.makeStream(of: Duration.self)
            server.onConnection { connection in
                let started = ContinuousClock.now
                try await connection.close(code: 1001, reason: "bye")
                reportCloseDuration.yield(.now - started)
            }
            // A raw client that never answers the close frame: the server must close TCP itself.
            let received = try await rawExchange(port: server.port, request: upgradeRequest(path: "/"))
            let end = try #require(endOfHTTPHead(received))
            #expect(Array(received[end...]) == [0x88, 5, 0x03, 0xE9] + Array("bye".utf8))
            let connection = try #require(server.connections.first)
            try await connection.waitUntilClosed()
            #expect(connection.closeCodeFromClient == nil)
            var durations = closeDurations.makeAsyncIterator()
            let duration = try #require(await durations.next())
            #expect(duration >= .milliseconds(990) && duration < .seconds(3))
        }
    }

    @Test func oversizedClientFrameIsRefusedWith1009() async throws {
        try await withScriptedWebSocketServer(maxFrameSize: 1024) { server in
            let outcome = await runClient(server.url) { inbound, outbound, _ in
                try await outbound.write(.text("small"))
                try await outbound.write(.text(String(repeating: "x", count: 2000)))
                try await Inbox().collect(inbound)
            }
            let closeFrame = try outcome.get()
            #expect(closeFrame?.closeCode == .messageTooLarge)
            let connection = try #require(server.connections.first)
            #expect(connection.receivedTexts == ["small"])
        }
    }

    @Test(arguments: [true, false])
    func abortEndsTheClientWithoutACloseFrame(reset: Bool) async throws {
        try await withScriptedWebSocketServer { server in
            server.onConnection { connection in
                try await connection.send(text: "hello")
                _ = try await connection.nextText()
                connection.abort(reset: reset)
            }
            let inbox = Inbox()
            let outcome = await runClient(server.url) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                if let first = try await messages.next() { inbox.append(first) }
                try await outbound.write(.text("ack"))
                while let message = try await messages.next() { inbox.append(message) }
            }
            switch outcome {
            case .success(let closeFrame):
                #expect(closeFrame == nil, "an aborted connection must not produce a close frame")
                print("abort(reset: \(reset)) as seen by WSClient: run() returned \(String(describing: closeFrame))")
            case .failure(let error):
                print("abort(reset: \(reset)) as seen by WSClient: run() threw \(type(of: error)): \(error)")
            }
            #expect(inbox.texts == ["hello"])
            let connection = try #require(server.connections.first)
            try await connection.waitUntilClosed()
            #expect(connection.received.allSatisfy { $0.kind != .close })
            await #expect(throws: ScriptedWebSocketError.self) {
                try await connection.send(text: "after abort")
            }
        }
    }

    @Test func silentConnectionAnswersNoPingButKeepsRecording() async throws {
        try await withScriptedWebSocketServer { server in
            server.onConnection { connection in
                try await connection.send(text: "going quiet")
                connection.goSilent()
                try await connection.send(text: "never delivered")
            }
            let inbox = Inbox()
            // The texts go out first thing, so a loaded machine cannot let the ping timeout win the race.
            let configuration = clientConfiguration(autoPing: .enabled(timePeriod: .milliseconds(300)))
            let outcome = await runClient(server.url, configuration: configuration) { inbound, outbound, _ in
                try await outbound.write(.text("one"))
                try await outbound.write(.text("two"))
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                while let message = try await messages.next() { inbox.append(message) }
            }
            print("goSilent as seen by WSClient: run() ended with \(outcome)")
            let connection = try #require(server.connections.first)
            #expect(try await connection.waitForText(count: 2) == ["one", "two"])
            try await connection.waitUntilClosed()
            // WSClient's auto-ping gives up on a missing pong with close code 1001 "Ping timeout".
            #expect(connection.closeCodeFromClient == 1001)
            let close = try #require(connection.received.last { $0.kind == .close })
            #expect(String(decoding: close.bytes.dropFirst(2), as: UTF8.self) == "Ping timeout")
            #expect(connection.received.contains { $0.kind == .ping })
            #expect(inbox.texts == ["going quiet"])
        }
    }

    @Test func clientPingsGetAutomaticPongs() async throws {
        try await withScriptedWebSocketServer { server in
            let inbox = Inbox()
            // Generous period: the pong must be back within it even while parallel tests load
            // both cores.
            let configuration = clientConfiguration(autoPing: .enabled(timePeriod: .milliseconds(300)))
            let client = Task {
                await runClient(server.url, configuration: configuration) { inbound, _, _ in
                    try await inbox.collect(inbound, upTo: 1)
                }
            }
            let connection = try #require(try await server.waitForConnections(1).first)
            // WSClient sends its next ping only after the previous one was ponged, and closes
            // with 1001 when a pong is missing: three pings on an open connection prove two pongs.
            let pings = try await connection.waitForFrames(3, kind: .ping)
            #expect(pings.allSatisfy { $0.bytes.count == 16 })
            #expect(!connection.isClosed)
            try await connection.send(text: "done")
            let closeFrame = try await client.value.get()
            #expect(closeFrame?.closeCode == .normalClosure)
            #expect(connection.closeCodeFromClient == 1000)
        }
    }

    @Test func serverPingGetsThePongWithItsPayload() async throws {
        try await withScriptedWebSocketServer { server in
            let client = Task {
                await runClient(server.url) { inbound, _, _ in try await Inbox().collect(inbound, upTo: 1) }
            }
            let connection = try #require(try await server.waitForConnections(1).first)
            try await connection.sendPing([1, 2, 3])
            let pongs = try await connection.waitForFrames(1, kind: .pong)
            #expect(pongs.map(\.bytes) == [[1, 2, 3]])
            try await connection.send(text: "done")
            _ = try await client.value.get()
        }
    }

    @Test func rawClientPingGetsPongWithSamePayload() async throws {
        try await withScriptedWebSocketServer { server in
            let ping = maskedFrame(opcode: 0x9, payload: Array("hb-42".utf8))
            let expectedPong: [UInt8] = [0x8A, 5] + Array("hb-42".utf8)
            let received = try await rawExchange(port: server.port, request: upgradeRequest(path: "/") + ping) { bytes in
                guard let end = endOfHTTPHead(bytes) else { return false }
                return bytes.count >= end + expectedPong.count
            }
            let end = try #require(endOfHTTPHead(received))
            let head = String(decoding: received[..<end], as: UTF8.self)
            #expect(head.hasPrefix("HTTP/1.1 101"))
            #expect(head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
            #expect(Array(received[end...]) == expectedPong)
        }
    }

    @Test func upgradeGateRejectsFirstDialAndAcceptsSecond() async throws {
        try await withScriptedWebSocketServer { server in
            server.setUpgradeGate { request in
                request.queryValue("token") == "fresh"
                    ? .accept : .reject(status: 401, body: #"{"code":401,"msg":"token expired"}"#)
            }
            server.onConnection { connection in try await connection.send(text: "welcome") }
            let refused = await runClient(server.url + "/ws?token=expired") { _, _, _ in }
            #expect(throws: WebSocketClientError.webSocketUpgradeFailed) { try refused.get() }
            let inbox = Inbox()
            let accepted = await runClient(server.url + "/ws?token=fresh") { inbound, _, _ in
                try await inbox.collect(inbound, upTo: 1)
            }
            _ = try accepted.get()
            #expect(inbox.texts == ["welcome"])
            let dials = server.dials
            #expect(dials.count == 2)
            #expect(dials.map { $0.queryValue("token") } == ["expired", "fresh"])
            #expect(dials.allSatisfy { $0.path == "/ws" })
            #expect(server.connections.map(\.request.uri) == ["/ws?token=fresh"])
        }
    }

    @Test func refusedDialGetsTheGateStatusAndJSONBody() async throws {
        try await withScriptedWebSocketServer { server in
            server.setUpgradeGate { _ in .reject(status: 401, body: #"{"msg":"token expired"}"#) }
            let response = try await rawExchange(port: server.port, request: upgradeRequest(path: "/ws?token=old"))
            let text = String(decoding: response, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
            #expect(text.lowercased().contains("content-type: application/json"))
            #expect(text.hasSuffix("\r\n\r\n{\"msg\":\"token expired\"}"))
            #expect(server.dials.map(\.uri) == ["/ws?token=old"])
            #expect(server.connections.isEmpty)
        }
    }

    @Test func shutdownIsPromptWithOpenConnections() async throws {
        let server = try await ScriptedWebSocketServer.start()
        server.onConnection { connection in
            // Blocks until shutdown cancels the script or closes the connection.
            _ = try await connection.nextText(timeout: .seconds(30))
        }
        let clients = (0..<3).map { _ in
            Task { await runClient(server.url) { inbound, _, _ in try await Inbox().collect(inbound) } }
        }
        // Shut down as soon as the server accepted: the clients may still be in the handshake.
        let connections = try await server.waitForConnections(3)
        let started = ContinuousClock.now
        try await server.shutdown()
        #expect(ContinuousClock.now - started < .seconds(4), "shutdown must not wait for clients (WSClient would wait 15 s)")
        #expect(connections.allSatisfy { $0.isClosed })
        for client in clients {
            // The reset must end every client session, whatever state it was in.
            if case .success(let closeFrame) = await client.value {
                #expect(closeFrame == nil)
            }
        }
        try await server.shutdown()
        await #expect(throws: ScriptedWebSocketError.shutDown) {
            _ = try await server.waitForConnections(4)
        }
    }

    @Test func scriptErrorsAreRecordedAndTheServerKeepsServing() async throws {
        try await withScriptedWebSocketServer { server in
            server.onConnection { connection in
                if connection.id == 1 { throw ScriptFailure.boom }
                try await connection.send(text: "second")
            }
            let first = await runClient(server.url) { _, _, _ in }
            _ = try first.get()
            let errors = try await server.waitForScriptErrors(1)
            #expect(errors == ["connection 1: boom"])
            let inbox = Inbox()
            let second = await runClient(server.url) { inbound, _, _ in try await inbox.collect(inbound, upTo: 1) }
            _ = try second.get()
            #expect(inbox.texts == ["second"])
            #expect(server.scriptErrors.count == 1)
        }
    }

    @Test func waitsFailWithWhatWasReceived() async throws {
        try await withScriptedWebSocketServer { server in
            let client = Task {
                await runClient(server.url) { inbound, outbound, _ in
                    try await outbound.write(.text("only-one"))
                    try await Inbox().collect(inbound, upTo: 1)
                }
            }
            let connection = try #require(try await server.waitForConnections(1).first)
            #expect(try await connection.nextText() == "only-one")
            do {
                _ = try await connection.waitForText(count: 2, timeout: .milliseconds(200))
                Issue.record("waitForText(count: 2) returned with one text sent")
            } catch let error as ScriptedWebSocketError {
                guard case .timedOut(_, let received) = error else { throw error }
                #expect(received.contains("only-one"))
                #expect(error.description.contains("2 text frame(s)"))
            }
            try await connection.send(text: "done")
            _ = try await client.value.get()
            await #expect(throws: ScriptedWebSocketError.self) {
                _ = try await connection.nextText()
            }
        }
    }

    @Test func upgradeRequestDecodesQueryAndHeaders() {
        let request = UpgradeRequest(uri: "/ws?token=a%2Bb+c&flag&bad=%zz", headers: [(name: "X-Key", value: "k")])
        #expect(request.path == "/ws")
        #expect(request.queryValue("token") == "a+b c")
        #expect(request.queryValue("flag") == "")
        #expect(request.queryValue("bad") == "%zz")
        #expect(request.header("x-key") == "k")
    }

    @Test(arguments: [0, 125, 126, 65_535, 65_536])
    func textFrameHeaderMatchesPayloadLength(length: Int) {
        let frame = ScriptedWebSocketConnection.frame(text: String(repeating: "x", count: length))
        let header: [UInt8] =
            if length < 126 {
                [0x81, UInt8(length)]
            } else if length <= 65_535 {
                [0x81, 126, UInt8(length >> 8), UInt8(length & 0xFF)]
            } else {
                [0x81, 127] + (0..<8).reversed().map { UInt8((length >> ($0 * 8)) & 0xFF) }
            }
        #expect(Array(frame.prefix(header.count)) == header)
        #expect(frame.count == header.count + length)
    }
}
