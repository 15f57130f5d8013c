/// When an endpoint's keep-alive is due, advanced on the supervisor's ticks: a due run is handed
/// to the keep-alive task and the supervisor goes on at once, whatever the action takes.
struct KeepAliveSchedule {
    private let interval: Duration
    private var due: ContinuousClock.Instant
    private let runs: AsyncStream<Void>.Continuation

    init(interval: Duration, from start: ContinuousClock.Instant, runs: AsyncStream<Void>.Continuation) {
        self.interval = interval
        self.due = start.advanced(by: interval)
        self.runs = runs
    }

    /// Asks for a run when one is due; never waits. A run still going when the next falls due is
    /// followed by one more, not by a backlog (the stream keeps only the newest request).
    mutating func tick(now: ContinuousClock.Instant) {
        guard now >= due else { return }
        due = now.advanced(by: interval)
        runs.yield()
    }
}

extension FeedRunner {
    /// Runs `body` (the connection's supervisor) with the endpoint's keep-alive, if it has one, in a
    /// child task that ends with `body`: the keep-alive never outlives its connection.
    func withKeepAlive(_ keepAlive: StreamKeepAlive?, session: SessionContext,
                       _ body: (KeepAliveSchedule?) async throws -> Void) async throws {
        guard let keepAlive else { return try await body(nil) }
        let (runs, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        defer { continuation.finish() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.keepAliveLoop(keepAlive, runs: runs, session: session) }
            defer { group.cancelAll() }
            try await body(KeepAliveSchedule(interval: keepAlive.interval, from: .now, runs: continuation))
        }
    }

    /// Runs the action for each due run; ``StreamKeepAlive/Expired`` ends the session (the redial
    /// fetches a new endpoint), any other failure waits for the next interval.
    private func keepAliveLoop(_ keepAlive: StreamKeepAlive, runs: AsyncStream<Void>, session: SessionContext) async {
        for await _ in runs {
            do {
                try await keepAlive.action()
                metrics.keepAlives.increment()
                logger.debug("keep-alive renewed")
            } catch let expired as StreamKeepAlive.Expired {
                metrics.keepAliveFailures.increment()
                logger.notice("keep-alive: expired; reconnecting", metadata: ["reason": "\(expired.reason)"])
                session.supervisor.yield(.reconnect(reason: "keep-alive: \(expired.reason)"))
                return
            } catch {
                if Task.isCancelled { return }
                metrics.keepAliveFailures.increment()
                // ExchangeError descriptions hold no secrets (DESIGN.md); the key itself is never logged.
                logger.warning("keep-alive failed; retrying at the next interval", metadata: ["error": "\(Self.describe(error))"])
            }
        }
    }
}
