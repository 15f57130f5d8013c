import NIOCore
import NIOPosix

/// Where connections' read loops run: threads of their own, beside Swift's cooperative pool.
///
/// A read loop rarely suspends (the next socket read is usually there when it asks), so on the
/// cooperative pool the consumer's jobs queued behind it: the end-to-end benchmark used one of
/// the two cores (`perf stat`: 1.09 CPUs utilised, 9.5 k context switches in 18 s) and the read
/// loop, timed from inside, "waited" 20 % of the time for reads that had arrived. On a thread of
/// its own it decodes while the consumer consumes: 700 k → 934 k frames/s, `runner stream`
/// 511 k → 885 k (BENCHMARKS.md).
final class ReadLoopExecutor: TaskExecutor {
    /// The read loops' threads: half the cores (at least one), so consumers and the NIO event
    /// loops keep the other half. Connections are spread over them in turn.
    static let threads = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount / 2))

    /// The executor for the next connection's read loop.
    static func next() -> ReadLoopExecutor { ReadLoopExecutor(threads.next()) }

    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
