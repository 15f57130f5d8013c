/// An order that meets the book as a taker first (a futures order, a spot HF order): what its
/// taker pass leaves either rests on the book or is cancelled.
protocol SimTakerOrder {
    var kind: SimOrder.Kind { get }
    var timeInForce: SimOrder.TimeInForce { get }
    var remaining: Int64 { get }
    var canceled: Int64 { get set }
    var isActive: Bool { get set }
    var updatedAt: Int64 { get set }
}

extension SimTakerOrder {
    /// Ends the taker pass: market orders and immediate-or-cancel / fill-or-kill limits never
    /// rest, nor does an order refused a pass (`traded` false: post-only that would take, a
    /// fill-or-kill the book cannot fill); a good-till-cancelled limit rests what is left.
    mutating func finishTakerPass(traded: Bool, time: Int64) {
        if remaining > 0 && (!traded || kind == .market || timeInForce != .goodTillCanceled) { canceled = remaining }
        isActive = remaining > 0
        updatedAt = time
    }
}

extension SimOrder: SimTakerOrder {}
extension SimSpotOrder: SimTakerOrder {}
