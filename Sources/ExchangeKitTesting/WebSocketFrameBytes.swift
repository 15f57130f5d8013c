import NIOCore

/// Encodes server-to-client WebSocket frames (RFC 6455 section 5.2) straight into bytes.
///
/// Server frames are never masked, so a frame is a 2-, 4- or 10-byte header followed by the
/// payload. Nothing here validates: control frames longer than 125 bytes, reserved opcodes or
/// stray continuation frames are encoded as asked, which is what fault-injecting tests need.
enum WebSocketFrameBytes {
    /// Opcodes of RFC 6455 section 5.2.
    enum Opcode {
        static let continuation: UInt8 = 0x0
        static let text: UInt8 = 0x1
        static let binary: UInt8 = 0x2
        static let close: UInt8 = 0x8
        static let ping: UInt8 = 0x9
        static let pong: UInt8 = 0xA
    }

    /// Header plus payload size of a frame carrying `payloadLength` bytes.
    static func frameLength(payloadLength: Int) -> Int {
        let header =
            if payloadLength < 126 {
                2
            } else if payloadLength <= Int(UInt16.max) {
                4
            } else {
                10
            }
        return header + payloadLength
    }

    /// Appends one frame to `buffer`. Only the low four bits of `opcode` are used.
    static func write<Payload: Collection<UInt8>>(
        opcode: UInt8,
        fin: Bool = true,
        payload: Payload,
        into buffer: inout ByteBuffer
    ) {
        buffer.writeInteger((fin ? 0x80 : 0x00) | (opcode & 0x0F) as UInt8)
        let length = payload.count
        if length < 126 {
            buffer.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            buffer.writeInteger(126 as UInt8)
            buffer.writeInteger(UInt16(length))
        } else {
            buffer.writeInteger(127 as UInt8)
            buffer.writeInteger(UInt64(length))
        }
        buffer.writeBytes(payload)
    }

    /// One frame as an array, for ``ScriptedWebSocketConnection/frame(text:)`` and friends.
    static func bytes<Payload: Collection<UInt8>>(opcode: UInt8, fin: Bool = true, payload: Payload) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: frameLength(payloadLength: payload.count))
        write(opcode: opcode, fin: fin, payload: payload, into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// The payload of a close frame: the status code in network byte order, then the reason.
    static func closePayload(code: UInt16, reason: String) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8)
    }
}
