// A WebSocket client that only reads: it dials the simulator with a bullet token, subscribes to
// the topics given, and counts the frames that arrive for a while, discarding them. Glibc only,
// so it costs the measurement as little as a client can (one `recv` per 1 MiB, a header walk per frame).
//
//   swiftc -O Benchmarks/SimPush/main.swift -o /tmp/sim-push-reader
//   /tmp/sim-push-reader PORT TOKEN SECONDS TOPIC...
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

func fail(_ message: String) -> Never {
    fputs("sim-push-reader: \(message)\n", stderr)
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 5, let port = UInt16(arguments[1]), let seconds = Double(arguments[3]) else {
    fail("usage: sim-push-reader PORT TOKEN SECONDS TOPIC...")
}
let token = arguments[2]
let topics = arguments[4...]

let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
var address = sockaddr_in()
address.sin_family = sa_family_t(AF_INET)
address.sin_port = port.bigEndian
address.sin_addr.s_addr = inet_addr("127.0.0.1")
let connected = withUnsafePointer(to: &address) { pointer in
    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
}
guard connected == 0 else { fail("cannot connect to 127.0.0.1:\(port)") }

func send(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        guard sent > 0 else { fail("send failed") }
        offset += sent
    }
}

/// A client text frame: masked, as RFC 6455 requires of clients (with a zero key, so the payload reads as is).
func textFrame(_ text: String) -> [UInt8] {
    let payload = Array(text.utf8)
    var frame: [UInt8] = [0x81]
    if payload.count < 126 {
        frame.append(0x80 | UInt8(payload.count))
    } else {
        frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    }
    return frame + [0, 0, 0, 0] + payload
}

send(Array("GET /?token=\(token)&connectId=push HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))

let capacity = 1 << 20
let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
var filled = 0
// The upgrade answer, up to its blank line; what follows it is frames.
var headerEnd = 0
while headerEnd == 0 {
    let read = recv(fd, buffer.baseAddress! + filled, capacity - filled, 0)
    guard read > 0 else { fail("closed during the upgrade") }
    filled += read
    if filled >= 4 {
        for index in 3..<filled where buffer[index - 3] == 13 && buffer[index - 2] == 10 && buffer[index - 1] == 13 && buffer[index] == 10 {
            headerEnd = index + 1
            break
        }
    }
}
guard String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<min(12, filled)]), as: UTF8.self).hasSuffix("101") else {
    fail("upgrade refused: \(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<headerEnd]), as: UTF8.self))")
}
for (index, topic) in topics.enumerated() {
    send(textFrame(#"{"id":"\#(index)","type":"subscribe","topic":"\#(topic)","privateChannel":false,"response":true}"#))
}

var frames = 0
/// Why the stream ended before its time, if it did.
var closed: String?
var bytes = 0
var start: timespec?
var now = timespec()
var position = headerEnd
/// Bytes of the current frame still to skip beyond the buffer.
var skipping = 0
func elapsed(since start: timespec) -> Double {
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
}
while true {
    // Walk the whole frames in the buffer; keep a partial header for the next read.
    while position < filled {
        if skipping > 0 {
            let step = min(skipping, filled - position)
            position += step
            skipping -= step
            continue
        }
        guard filled - position >= 2 else { break }
        let short = Int(buffer[position + 1] & 0x7F)
        var header = 2
        var length = short
        if short == 126 {
            guard filled - position >= 4 else { break }
            header = 4
            length = Int(buffer[position + 2]) << 8 | Int(buffer[position + 3])
        } else if short == 127 {
            guard filled - position >= 10 else { break }
            header = 10
            length = 0
            for index in 2..<10 { length = length << 8 | Int(buffer[position + index]) }
        }
        let opcode = buffer[position] & 0x0F
        if opcode == 1 { frames += 1 }
        if opcode == 8 { closed = "a close frame" }
        // The first data frame starts the clock (the welcome and the acks come before it).
        if start == nil && frames > topics.count + 1 {
            var first = timespec()
            clock_gettime(CLOCK_MONOTONIC, &first)
            start = first
            frames = 1
            bytes = 0
        }
        bytes += header + length
        position += header
        skipping = length
    }
    if position < filled {
        buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + position, byteCount: filled - position)
    }
    filled -= position
    position = 0
    if let start, elapsed(since: start) >= seconds { break }
    let read = recv(fd, buffer.baseAddress! + filled, capacity - filled, 0)
    guard read > 0 else {
        closed = closed ?? "the connection closed"
        break
    }
    filled += read
}
let time = start.map { elapsed(since: $0) } ?? 0
if let closed { print("ended early: \(closed) (the server cuts off a client that falls too far behind)") }
print("frames \(frames) bytes \(bytes) seconds \(time) frames/s \(Int(Double(frames) / max(time, 1e-9))) bytes/frame \(bytes / max(frames, 1))")
close(fd)
