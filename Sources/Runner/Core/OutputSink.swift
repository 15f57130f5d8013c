#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A buffered byte stream to a file descriptor (stdout, stderr, a recording) or to memory (tests).
///
/// Writes are collected and handed to the descriptor in large blocks: JSON lines at
/// hundreds of thousands a second must not cost a system call each. A terminal gets
/// every line at once; a pipe gets them within the flush interval the caller runs.
/// When the reader goes away (`EPIPE`: `runner stream … | head`) the sink closes and
/// ``isClosed`` tells the command to stop.
public final class OutputSink: Sendable {
    enum Target: Sendable {
        case descriptor(Int32)
        case memory
    }

    struct State {
        var pending: [UInt8] = []
        var captured: [UInt8] = []
        var closed = false
        var failure: String?
    }

    private let target: Target
    private let state = Mutex(State())
    /// Whether every write is passed on at once (a terminal, or stderr).
    public let isUnbuffered: Bool
    /// The buffer size at which pending bytes are written.
    public let capacity: Int

    /// A sink writing to a file descriptor.
    public init(descriptor: Int32, unbuffered: Bool? = nil, capacity: Int = 1 << 16) {
        target = .descriptor(descriptor)
        isUnbuffered = unbuffered ?? (isatty(descriptor) == 1)
        self.capacity = capacity
    }

    /// A sink that keeps everything in memory (``text``).
    public init(memoryCapacity: Int = 1 << 12) {
        target = .memory
        isUnbuffered = false
        capacity = memoryCapacity
    }

    /// Standard output.
    public static func standardOutput() -> OutputSink { OutputSink(descriptor: 1) }
    /// Standard error: never buffered.
    public static func standardError() -> OutputSink { OutputSink(descriptor: 2, unbuffered: true) }

    /// Whether the reader went away; writes are dropped from then on.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Why writing failed, when it did (other than the reader going away).
    public var failure: String? { state.withLock { $0.failure } }

    /// Everything written to a memory sink (flushed or not).
    public var text: String {
        state.withLock { String(decoding: $0.captured + $0.pending, as: UTF8.self) }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) {
        state.withLock { state in
            guard !state.closed else { return }
            state.pending.append(contentsOf: bytes)
            if isUnbuffered || state.pending.count >= capacity { drain(&state) }
        }
    }

    /// Appends text.
    public func write(_ text: String) { write(Array(text.utf8)) }

    /// Appends a line of text.
    public func line(_ text: String) { write(Array((text + "\n").utf8)) }

    /// Passes on whatever is pending.
    public func flush() {
        state.withLock { drain(&$0) }
    }

    private func drain(_ state: inout State) {
        guard !state.pending.isEmpty else { return }
        switch target {
        case .memory:
            state.captured.append(contentsOf: state.pending)
        case .descriptor(let descriptor):
            var offset = 0
            let count = state.pending.count
            state.pending.withUnsafeBytes { bytes in
                while offset < count {
                    let written = systemWrite(descriptor, bytes.baseAddress! + offset, count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0, errno == EINTR || errno == EAGAIN {
                        continue
                    } else {
                        if errno != EPIPE { state.failure = "write failed (errno \(errno))" }
                        state.closed = true
                        return
                    }
                }
            }
        }
        state.pending.removeAll(keepingCapacity: true)
    }
}

private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, pointer, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, pointer, count)
    #else
    Glibc.write(descriptor, pointer, count)
    #endif
}

/// `open(2)`, named apart from the methods called `open` that would shadow it.
func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
    #if canImport(Darwin)
    Darwin.open(path, flags, mode)
    #elseif canImport(Musl)
    Musl.open(path, flags, mode)
    #else
    Glibc.open(path, flags, mode)
    #endif
}
