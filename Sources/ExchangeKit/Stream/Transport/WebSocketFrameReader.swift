import NIOCore

/// Walks the WebSocket frames of successive socket reads, in place.
///
/// Whole frames inside a read are handed over as pointers into the read's own bytes; only a frame
/// cut by the end of a read is copied (its start is kept until the next read completes it), and
/// only fragmented messages are assembled in a buffer of their own.
struct WebSocketFrameReader {
    let maximumFrameSize: Int
    /// The start of a frame the last read cut off.
    private var partial: ByteBuffer?
    /// A fragmented message's payload so far, and its opcode.
    private var fragments: ByteBuffer?
    private var fragmentOpcode = WebSocketWire.Opcode.text

    init(maximumFrameSize: Int) {
        self.maximumFrameSize = maximumFrameSize
    }

    /// Calls `body` with every complete message (text or binary, fragments joined) and every control
    /// frame of `chunk`, in order. A frame cut off at the end is kept for the next call.
    /// - Throws: ``WebSocketWire/ProtocolViolation`` for a broken stream, or what `body` throws
    ///   (the rest of the read is then not delivered).
    mutating func read(_ chunk: ByteBuffer,
                       _ body: (WebSocketWire.Opcode, UnsafeRawBufferPointer) throws -> Void) throws {
        var chunk = chunk
        if var pending = partial {
            partial = nil
            while true {
                let parse = try pending.withUnsafeReadableBytes {
                    try WebSocketWire.parse($0, at: 0, maximumFrameSize: maximumFrameSize)
                }
                if case .frame(let header) = parse {
                    try pending.withUnsafeReadableBytes { try deliver(header, in: $0, at: 0, body) }
                    break
                }
                // Until the header is whole, take a byte at a time: never a byte of the next frame.
                guard case .incomplete(let frameLength) = parse else { break }
                let take = min(frameLength.map { $0 - pending.readableBytes } ?? 1, chunk.readableBytes)
                guard take > 0, var piece = chunk.readSlice(length: take) else {
                    partial = pending
                    return
                }
                pending.writeBuffer(&piece)
            }
        }
        let consumed = try chunk.withUnsafeReadableBytes { bytes -> Int in
            var offset = 0
            while offset < bytes.count {
                guard case .frame(let header) = try WebSocketWire.parse(bytes, at: offset, maximumFrameSize: maximumFrameSize) else { break }
                try deliver(header, in: bytes, at: offset, body)
                offset += header.frameLength
            }
            return offset
        }
        chunk.moveReaderIndex(forwardBy: consumed)
        if chunk.readableBytes > 0 {
            // A fresh buffer: the cut frame must not keep the whole read's storage alive, nor share it.
            var kept = ByteBufferAllocator().buffer(capacity: max(chunk.readableBytes, 256))
            kept.writeBuffer(&chunk)
            partial = kept
        }
    }

    private mutating func deliver(_ header: WebSocketWire.Header, in bytes: UnsafeRawBufferPointer, at offset: Int,
                                  _ body: (WebSocketWire.Opcode, UnsafeRawBufferPointer) throws -> Void) throws {
        let start = offset + header.payloadOffset
        let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + header.payloadLength)])
        if let mask = header.mask {
            // Servers must not mask; a server that does is still read correctly.
            var unmasked = [UInt8](payload)
            unmasked.withUnsafeMutableBytes { WebSocketWire.applyMask(mask, to: $0) }
            let copy = WebSocketWire.Header(fin: header.fin, opcode: header.opcode, payloadOffset: 0,
                                            payloadLength: header.payloadLength, mask: nil)
            try unmasked.withUnsafeBytes { try deliver(copy, in: $0, at: 0, body) }
            return
        }
        switch header.opcode {
        case .close, .ping, .pong:
            try body(header.opcode, payload)
        case .text, .binary:
            guard fragments == nil else {
                throw WebSocketWire.ProtocolViolation(description: "a new \(header.opcode) message began before a fragmented one ended")
            }
            if header.fin {
                try body(header.opcode, payload)
            } else {
                var buffer = ByteBufferAllocator().buffer(capacity: payload.count * 2)
                buffer.writeBytes(payload)
                fragments = buffer
                fragmentOpcode = header.opcode
            }
        case .continuation:
            guard var assembled = fragments else {
                throw WebSocketWire.ProtocolViolation(description: "a continuation frame without a message to continue")
            }
            fragments = nil
            assembled.writeBytes(payload)
            guard assembled.readableBytes <= maximumFrameSize else {
                throw WebSocketWire.ProtocolViolation(
                    description: "fragmented message larger than \(maximumFrameSize) bytes")
            }
            if header.fin {
                try assembled.withUnsafeReadableBytes { try body(fragmentOpcode, $0) }
            } else {
                fragments = assembled
            }
        }
    }
}
