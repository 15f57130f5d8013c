import Foundation

/// A point in time as nanoseconds since the Unix epoch, whatever unit the venue used.
///
/// Venues mix seconds, milliseconds and nanoseconds, and nanosecond values exceed
/// 2^53, so they are kept as `Int64` and never pass through `Double`.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanoseconds: Int64

    /// Creates a timestamp from nanoseconds since the epoch.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a timestamp from milliseconds since the epoch.
    public init(milliseconds: Int64) { self.nanoseconds = Self.scaled(milliseconds, by: 1_000_000) }

    /// Creates a timestamp from microseconds since the epoch.
    public init(microseconds: Int64) { self.nanoseconds = Self.scaled(microseconds, by: 1_000) }

    /// Creates a timestamp from whole seconds since the epoch.
    public init(seconds: Int64) { self.nanoseconds = Self.scaled(seconds, by: 1_000_000_000) }

    /// `value × factor`, saturating at the ends of `Int64` rather than wrapping into a wrong time.
    private static func scaled(_ value: Int64, by factor: Int64) -> Int64 {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? (value < 0 ? .min : .max) : product
    }

    /// Creates a timestamp from a `Date` (microsecond precision).
    public init(_ date: Date) {
        self.nanoseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) * 1_000
    }

    /// The current wall-clock time of this machine.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(nanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }

    /// Whole milliseconds since the epoch (truncated), the unit most venues sign with.
    public var milliseconds: Int64 { nanoseconds / 1_000_000 }

    /// Whole seconds since the epoch (truncated).
    public var seconds: Int64 { nanoseconds / 1_000_000_000 }

    /// The same instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(nanoseconds) / 1e9) }

    /// This timestamp moved by a duration (saturating at the ends of `Int64`).
    public func advanced(by duration: Duration) -> Timestamp {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(duration.nanoseconds)
        return Timestamp(nanoseconds: overflow ? (duration.nanoseconds < 0 ? .min : .max) : sum)
    }

    /// The signed duration from `other` to this timestamp.
    public func duration(since other: Timestamp) -> Duration {
        .nanoseconds(nanoseconds &- other.nanoseconds)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public init(from decoder: any Decoder) throws {
        nanoseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanoseconds)
    }

    public var description: String { "\(nanoseconds)ns" }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at the ends of `Int64`.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The duration in whole milliseconds (truncated).
    public var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
