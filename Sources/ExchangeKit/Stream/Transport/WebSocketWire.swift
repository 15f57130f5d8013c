import NIOCore

/// RFC 6455 framing, read straight from the bytes of a socket read.
///
/// The stream core reads whole socket reads (often a hundred frames or more) and walks their
/// frames in place: no per-frame allocation, no per-frame hand-off between tasks.
enum WebSocketWire {
    /// Frame opcodes.
    enum Opcode: UInt8, Sendable {
        case continuation = 0x0
        case text = 0x1
        case binary = 0x2
        case close = 0x8
        case ping = 0x9
        case pong = 0xA

        var isControl: Bool { rawValue & 0x8 != 0 }
    }

    /// One frame's header, located in a buffer.
    struct Header: Equatable {
        var fin: Bool
        var opcode: Opcode
        /// Offset of the payload from the frame's first byte.
        var payloadOffset: Int
        var payloadLength: Int
        /// The masking key (servers must not mask; tolerated and undone when they do).
        var mask: UInt32?

        /// The frame's whole length, header included.
        var frameLength: Int { payloadOffset + payloadLength }
    }

    /// What a look at the start of some bytes found.
    enum Parse: Equatable {
        /// A whole frame is there.
        case frame(Header)
        /// More bytes are needed; `frameLength` once the header is complete, else nil.
        case incomplete(frameLength: Int?)
    }

    /// Reading failed: the connection cannot go on.
    struct ProtocolViolation: Error, CustomStringConvertible {
        var description: String
    }

    /// The longest header: 2 bytes, 8 bytes of extended length, 4 of mask.
    static let maximumHeaderLength = 14

    /// Parses the frame starting at `bytes[offset...]`.
    /// - Throws: ``ProtocolViolation`` for reserved bits, unknown opcodes, bad control frames and
    ///   frames longer than `maximumFrameSize`.
    static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int, maximumFrameSize: Int) throws -> Parse {
        let available = bytes.count - offset
        guard available >= 2 else { return .incomplete(frameLength: nil) }
        let first = bytes[offset]
        let second = bytes[offset + 1]
        guard first & 0x70 == 0 else {
            throw ProtocolViolation(description: "reserved bits set in a frame header (0x\(String(first, radix: 16))); no extension was negotiated")
        }
        guard let opcode = Opcode(rawValue: first & 0x0F) else {
            throw ProtocolViolation(description: "unknown WebSocket opcode \(first & 0x0F)")
        }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        var length = Int(second & 0x7F)
        var headerLength = 2
        if length == 126 {
            guard available >= 4 else { return .incomplete(frameLength: nil) }
            length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            headerLength = 4
        } else if length == 127 {
            guard available >= 10 else { return .incomplete(frameLength: nil) }
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(bytes[offset + index]) }
            guard value <= UInt64(maximumFrameSize) else {
                throw ProtocolViolation(description: "frame of \(value) bytes is larger than the limit of \(maximumFrameSize)")
            }
            length = Int(value)
            headerLength = 10
        }
        if opcode.isControl {
            guard fin, length <= 125 else {
                throw ProtocolViolation(description: "control frame \(opcode) fragmented or longer than 125 bytes")
            }
        }
        guard length <= maximumFrameSize else {
            throw ProtocolViolation(description: "frame of \(length) bytes is larger than the limit of \(maximumFrameSize)")
        }
        var mask: UInt32?
        if masked {
            guard available >= headerLength + 4 else { return .incomplete(frameLength: headerLength + 4 + length) }
            mask = UInt32(bytes[offset + headerLength]) << 24 | UInt32(bytes[offset + headerLength + 1]) << 16
                | UInt32(bytes[offset + headerLength + 2]) << 8 | UInt32(bytes[offset + headerLength + 3])
            headerLength += 4
        }
        let header = Header(fin: fin, opcode: opcode, payloadOffset: headerLength, payloadLength: length, mask: mask)
        guard available >= header.frameLength else { return .incomplete(frameLength: header.frameLength) }
        return .frame(header)
    }

    /// XORs `bytes` with a frame's masking key (masking and unmasking are the same operation).
    static func applyMask(_ mask: UInt32, to bytes: UnsafeMutableRawBufferPointer) {
        let key = maskBytes(mask)
        for index in bytes.indices { bytes[index] ^= key[index & 3] }
    }

    /// A masking key's four bytes, in wire order.
    static func maskBytes(_ mask: UInt32) -> [UInt8] {
        [UInt8(mask >> 24), UInt8(mask >> 16 & 0xFF), UInt8(mask >> 8 & 0xFF), UInt8(mask & 0xFF)]
    }

    /// A client frame (always masked, as RFC 6455 requires of clients), ready to write.
    static func clientFrame(_ opcode: Opcode, payload: some Collection<UInt8>, allocator: ByteBufferAllocator,
                            mask: UInt32 = UInt32.random(in: .min ... .max)) -> ByteBuffer {
        let length = payload.count
        var buffer = allocator.buffer(capacity: length + maximumHeaderLength)
        buffer.writeInteger(0x80 | opcode.rawValue, as: UInt8.self)
        if length < 126 {
            buffer.writeInteger(0x80 | UInt8(length), as: UInt8.self)
        } else if length <= Int(UInt16.max) {
            buffer.writeInteger(0x80 | 126, as: UInt8.self)
            buffer.writeInteger(UInt16(length))
        } else {
            buffer.writeInteger(0x80 | 127, as: UInt8.self)
            buffer.writeInteger(UInt64(length))
        }
        buffer.writeInteger(mask)
        let key = maskBytes(mask)
        var index = 0
        for byte in payload {
            buffer.writeInteger(byte ^ key[index & 3])
            index += 1
        }
        return buffer
    }

    /// A close frame's payload: the status code and a reason (trimmed to fit a control frame).
    static func closePayload(code: UInt16, reason: String) -> [UInt8] {
        var payload = [UInt8(code >> 8), UInt8(code & 0xFF)]
        payload.append(contentsOf: reason.utf8.prefix(123))
        return payload
    }

    /// Reads a close frame's payload: its code (nil when absent) and its reason text.
    static func readClose(_ payload: UnsafeRawBufferPointer) -> (code: UInt16?, reason: String) {
        guard payload.count >= 2 else { return (nil, "") }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        let reason = String(decoding: UnsafeRawBufferPointer(rebasing: payload[2...]), as: UTF8.self)
        return (code, reason)
    }
}
