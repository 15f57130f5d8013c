import Foundation

/// A KuCoin Futures or KuCoin Spot market recorded by `runner record`, replayed by a
/// ``Simulator`` as the market of the recorded contracts (or pairs): their book starts as the
/// recording's first REST snapshot and follows its level2 deltas, and their trades and tickers
/// come when the recording's did. A spot pair's size increment becomes as fine as the recorded
/// sizes need.
///
/// ```swift
/// var configuration = SimulatorConfiguration()
/// configuration.replay = try SimulatorReplay(contentsOf: "Examples/kucoin-futures-xbtusdtm.rec", speed: 10)
/// ```
///
/// The simulator numbers the book's changes itself, so its REST snapshots and its level2 stream
/// agree even after the user's orders took liquidity; a later delta for a level sets it to the
/// recorded size again. Deltas older than the snapshot, duplicates and later snapshots (taken by
/// the recording client after a reconnect) are skipped. The replay stops at the end of the file:
/// the book stays as it was last, still served and still matched against, with no more trades.
/// It does not loop, because a second pass would replay changes onto a book the first pass and
/// the user's orders had already moved.
public struct SimulatorReplay: Sendable {
    /// One recorded change, `offset` nanoseconds after the replay's start.
    struct Step: Sendable {
        var offset: Int64
        var symbol: String
        var change: SimReplayChange
    }

    /// A contract's book at the start: the recording's first snapshot.
    struct Book: Sendable {
        var contract: SimContract
        var bids: [Int64: Int64]
        var asks: [Int64: Int64]
        var sequence: Int64
    }

    /// How fast the recording plays: 1 as recorded, 10 ten times faster; nil as fast as possible.
    public var speed: Double?
    /// The recorded contracts or pairs, in the order their snapshots came.
    public let symbols: [String]
    /// Whether it is a KuCoin Spot recording (its symbols are pairs, served on the Spot paths).
    public let isSpot: Bool
    let books: [String: Book]
    let steps: [Step]

    /// Reads a recording.
    /// - Parameters:
    ///   - text: the file's lines (`{"record":"header|dial|frame|snapshot",…}`).
    ///   - speed: 1 as recorded; nil as fast as possible.
    ///   - name: what errors call the input.
    /// - Throws: ``SimulatorError`` naming the line for a line that is not a record, a recording
    ///   of another venue, or no snapshot to start from (record with a `book` subscription).
    public init(text: String, speed: Double? = 1, name: String = "the recording") throws(SimulatorError) {
        if let speed, !(speed > 0 && speed.isFinite) { throw SimulatorError(message: "replay speed must be above 0, not \(speed)") }
        var parser = SimReplayParser(name: name)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try parser.read(line, number: index + 1)
        }
        let (symbols, books, steps) = try parser.finish()
        self.speed = speed
        self.isSpot = parser.isSpot
        self.symbols = symbols
        self.books = books
        self.steps = steps
    }

    /// Reads a recording from a file.
    /// - Throws: ``SimulatorError`` when the file cannot be read or is not a KuCoin recording.
    public init(contentsOf path: String, speed: Double? = 1) throws(SimulatorError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SimulatorError(message: "cannot read the recording \(path): \(error.localizedDescription)")
        }
        try self.init(text: text, speed: speed, name: path)
    }

    /// How many recorded changes (level changes, trades, tickers) it replays.
    public var count: Int { steps.count }
}
