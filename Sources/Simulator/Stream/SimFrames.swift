import NIOCore

/// WebSocket text frames already framed for the wire, back to back in one buffer: what a
/// connection is sent in one write.
///
/// Server frames are unmasked (RFC 6455 §5.1): `0x81`, the payload length (7 bits, or 126 and
/// 16 bits, or 127 and 64 bits), the payload. One tick's frames are written once into one
/// buffer and shared by every connection that wants all of them (a `ByteBuffer` copy shares the bytes).
struct SimFrames: Sendable {
    /// The framed bytes.
    private(set) var bytes: ByteBuffer
    /// How many frames `bytes` holds.
    private(set) var count = 0

    /// No frames yet, room for `capacity` bytes.
    init(capacity: Int = 256) {
        bytes = ByteBufferAllocator().buffer(capacity: capacity)
    }

    var isEmpty: Bool { count == 0 }

    /// Where the next frame starts.
    var end: Int { bytes.writerIndex }

    /// Appends one text frame.
    mutating func append(_ text: String) {
        Self.writeHeader(length: text.utf8.count, into: &bytes)
        bytes.writeString(text)
        count += 1
    }

    /// Appends frames that are already framed (a held frame, a duplicate, another batch's run).
    mutating func append(framed: ByteBuffer, frames: Int) {
        bytes.writeImmutableBuffer(framed)
        count += frames
    }

    /// Appends the frame whose payload `write` writes, at most `maximumSize` bytes: room for a
    /// 4-byte header first (a payload of 126…65,535 bytes, which every market event's is), its
    /// length set once the payload is written. Returns where the frame starts.
    @discardableResult
    mutating func appendFrame(maximumSize: Int, _ write: (inout SimByteWriter) -> Void) -> Int {
        let start = bytes.writerIndex
        bytes.writeWithUnsafeMutableBytes(minimumWritableBytes: maximumSize + 10) { buffer in
            let base = buffer.baseAddress!
            var writer = SimByteWriter(base + 4)
            write(&writer)
            let length = writer.count
            let header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10
            // Another header size than the room left: move the payload to fit it.
            if header != 4 { (base + header).copyMemory(from: base + 4, byteCount: length) }
            base.storeBytes(of: 0x81, as: UInt8.self)
            switch header {
            case 2:
                base.storeBytes(of: UInt8(length), toByteOffset: 1, as: UInt8.self)
            case 4:
                base.storeBytes(of: 126, toByteOffset: 1, as: UInt8.self)
                base.storeBytes(of: UInt16(length).bigEndian, toByteOffset: 2, as: UInt16.self)
            default:
                base.storeBytes(of: 127, toByteOffset: 1, as: UInt8.self)
                for index in 0..<8 { base.storeBytes(of: UInt8(truncatingIfNeeded: UInt64(length) >> (56 - 8 * index)), toByteOffset: 2 + index, as: UInt8.self) }
            }
            return header + length
        }
        count += 1
        return start
    }

    /// Drops every frame from `start` on (`start` must be where a frame starts).
    mutating func removeFrames(from start: Int, count removed: Int) {
        bytes.moveWriterIndex(to: start)
        count -= removed
    }

    /// A copy of the frame starting at `start`, header included (a copy, so writing on here does
    /// not copy the whole buffer).
    func frame(at start: Int) -> ByteBuffer {
        let (header, length) = Self.header(at: start, in: bytes)
        var copy = ByteBufferAllocator().buffer(capacity: header + length)
        copy.writeImmutableBuffer(bytes.getSlice(at: start, length: header + length)!)
        return copy
    }

    /// Appends a copy of the frame at `start` cut to half its payload: a frame whose JSON is truncated.
    mutating func appendTruncatedCopy(ofFrameAt start: Int) {
        let (header, length) = Self.header(at: start, in: bytes)
        let half = bytes.getBytes(at: start + header, length: length / 2)!
        Self.writeHeader(length: half.count, into: &bytes)
        bytes.writeBytes(half)
        count += 1
    }

    /// The first `limit` frames.
    func prefix(_ limit: Int) -> SimFrames {
        guard limit < count else { return self }
        var offset = bytes.readerIndex
        for _ in 0..<max(0, limit) {
            let (header, length) = Self.header(at: offset, in: bytes)
            offset += header + length
        }
        var cut = self
        cut.bytes.moveWriterIndex(to: offset)
        cut.count = max(0, limit)
        return cut
    }

    /// A frame's header size and payload length.
    static func header(at start: Int, in bytes: ByteBuffer) -> (header: Int, length: Int) {
        let short = Int(bytes.getInteger(at: start + 1, as: UInt8.self)! & 0x7F)
        switch short {
        case 126: return (4, Int(bytes.getInteger(at: start + 2, as: UInt16.self)!))
        case 127: return (10, Int(bytes.getInteger(at: start + 2, as: UInt64.self)!))
        default: return (2, short)
        }
    }

    /// A final, unmasked text frame's header for a payload of `length` bytes.
    static func writeHeader(length: Int, into bytes: inout ByteBuffer) {
        bytes.writeInteger(UInt8(0x81))
        if length < 126 {
            bytes.writeInteger(UInt8(length))
        } else if length <= 0xFFFF {
            bytes.writeInteger(UInt8(126))
            bytes.writeInteger(UInt16(length))
        } else {
            bytes.writeInteger(UInt8(127))
            bytes.writeInteger(UInt64(length))
        }
    }
}
