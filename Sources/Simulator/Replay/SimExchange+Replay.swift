import ExchangeKit

extension SimExchange {
    /// Steps released per tick when the replay runs as fast as possible.
    static let replayBurst = 2_000

    /// Plays the recorded changes due by now (recorded time ÷ speed since the first tick), or
    /// the next burst of them when the replay runs as fast as possible.
    static func advance(_ replay: SimulatorReplay, state: inout State, time: Int64, into events: inout [MarketEvent]) {
        guard state.replayCursor < replay.steps.count else { return }
        let now = ContinuousClock.now
        let start = state.replayStart ?? now
        state.replayStart = start
        let elapsed = (now - start).components
        let due: Int64 = replay.speed.map { speed in
            let nanoseconds = Double(elapsed.seconds) * 1e9 + Double(elapsed.attoseconds) / 1e9
            return Int64(min(nanoseconds * speed, 9e18))
        } ?? .max
        var released = 0
        while state.replayCursor < replay.steps.count {
            let step = replay.steps[state.replayCursor]
            if replay.speed == nil ? released >= replayBurst : step.offset > due { break }
            if replay.isSpot {
                state.spotMarkets[step.symbol]?.replay(step.change, time: time, into: &events)
            } else {
                state.markets[step.symbol]?.replay(step.change, time: time, into: &events)
            }
            state.replayCursor += 1
            released += 1
        }
    }

    /// Whether every recorded change has been played (always true without a replay).
    var replayFinished: Bool {
        state.withLock { state in state.replayCursor >= (configuration.replay?.steps.count ?? 0) }
    }
}
