import Synchronization

/// The bytes given to one connection and not yet taken by its writer: the market side adds, the
/// connection's writer subtracts, so a client that stops reading is noticed by size, whatever the batches' sizes.
final class SimBacklog: Sendable {
    private let bytes = Atomic<Int>(0)

    /// Counts bytes given; returns the backlog now.
    func add(_ count: Int) -> Int {
        bytes.add(count, ordering: .relaxed).newValue
    }

    /// Counts bytes taken.
    func remove(_ count: Int) {
        bytes.subtract(count, ordering: .relaxed)
    }
}
