import ExchangeKit
import Foundation

/// Field reads that name the field in their errors, shared by the KuCoin decoders.
///
/// Inlinable so that a plugin's decoder reads fields without a call across modules.
extension JSONReader {
    /// `{`.
    @inlinable @inline(__always)
    package mutating func object() throws(WireError) {
        do { try beginObject() } catch { throw WireError(.json(error)) }
    }

    /// `[`.
    @inlinable @inline(__always)
    package mutating func array(_ field: StaticString) throws(WireError) {
        do { try beginArray() } catch { throw WireError(.json(error), field: field) }
    }

    /// The next key of the current object, or nil at its end.
    @inlinable @inline(__always)
    package mutating func key() throws(WireError) -> JSONKey? {
        do { return try nextKey() } catch { throw WireError(.json(error)) }
    }

    /// Whether another element of the current array follows.
    @inlinable @inline(__always)
    package mutating func element(_ field: StaticString) throws(WireError) -> Bool {
        do { return try nextElement() } catch { throw WireError(.json(error), field: field) }
    }

    /// Skips a value (checking it).
    @inlinable @inline(__always)
    package mutating func skip() throws(WireError) {
        do { try skipValue() } catch { throw WireError(.json(error)) }
    }

    /// Whether the next value is `null` (consumed if so).
    @inlinable @inline(__always)
    package mutating func null(_ field: StaticString) throws(WireError) -> Bool {
        do { return try readNull() } catch { throw WireError(.json(error), field: field) }
    }

    /// A decimal from a JSON number or a string holding one.
    @inlinable @inline(__always)
    package mutating func decimal(_ field: StaticString) throws(WireError) -> DecimalComponents {
        do { return try readDecimalComponents() } catch { throw WireError(.json(error), field: field) }
    }

    /// A decimal, or nil for `null` or `""` (how KuCoin sends an absent price).
    @inlinable @inline(__always)
    package mutating func optionalDecimal(_ field: StaticString) throws(WireError) -> Decimal? {
        do { return try readDecimalIfPresent() } catch { throw WireError(.json(error), field: field) }
    }

    /// An integer from a JSON number or a string holding one; fractions and overflow are errors.
    @inlinable @inline(__always)
    package mutating func int64(_ field: StaticString) throws(WireError) -> Int64 {
        do { return try readInt64() } catch { throw WireError(.json(error), field: field) }
    }

    /// A string (unescaped).
    @inlinable @inline(__always)
    package mutating func string(_ field: StaticString) throws(WireError) -> String {
        do { return try readString() } catch { throw WireError(.json(error), field: field) }
    }

    /// A string as a view into the frame.
    @inlinable @inline(__always)
    package mutating func stringBytes(_ field: StaticString) throws(WireError) -> JSONString {
        do { return try readStringBytes() } catch { throw WireError(.json(error), field: field) }
    }

    /// A string, or nil for `null`.
    @inlinable @inline(__always)
    package mutating func optionalString(_ field: StaticString) throws(WireError) -> String? {
        do { return try readNull() ? nil : readString() } catch { throw WireError(.json(error), field: field) }
    }

    /// An id kept inline (no allocation up to 24 bytes).
    @inlinable @inline(__always)
    package mutating func inlineID(_ field: StaticString) throws(WireError) -> InlineID {
        do { return try readInlineID() } catch { throw WireError(.json(error), field: field) }
    }

    /// An id kept inline (no allocation up to 24 bytes), or nil for `null`.
    @inlinable @inline(__always)
    package mutating func optionalInlineID(_ field: StaticString) throws(WireError) -> InlineID? {
        do { return try readNull() ? nil : readInlineID() } catch { throw WireError(.json(error), field: field) }
    }

    /// `true` or `false`.
    @inlinable @inline(__always)
    package mutating func bool(_ field: StaticString) throws(WireError) -> Bool {
        do { return try readBool() } catch { throw WireError(.json(error), field: field) }
    }

    /// `buy` or `sell`.
    @inlinable @inline(__always)
    package mutating func side(_ field: StaticString) throws(WireError) -> Side {
        let text = try stringBytes(field)
        if text.matches("buy") { return .buy }
        if text.matches("sell") { return .sell }
        throw WireError.invalid(field, "\"\(text)\" is neither \"buy\" nor \"sell\"")
    }

    /// Nanoseconds since the epoch.
    @inlinable @inline(__always)
    package mutating func nanoseconds(_ field: StaticString) throws(WireError) -> Timestamp {
        Timestamp(nanoseconds: try int64(field))
    }

    /// Milliseconds since the epoch; values whose nanoseconds overflow `Int64` are errors, not wrapped.
    @inlinable @inline(__always)
    package mutating func milliseconds(_ field: StaticString) throws(WireError) -> Timestamp {
        let value = try int64(field)
        guard value.magnitude <= UInt64(Int64.max / 1_000_000) else {
            throw WireError.invalid(field, "\(value) ms is out of range")
        }
        return Timestamp(milliseconds: value)
    }

    /// Seconds since the epoch; values whose nanoseconds overflow `Int64` are errors, not wrapped.
    @inlinable @inline(__always)
    package mutating func seconds(_ field: StaticString) throws(WireError) -> Timestamp {
        let value = try int64(field)
        guard value.magnitude <= UInt64(Int64.max / 1_000_000_000) else {
            throw WireError.invalid(field, "\(value) s is out of range")
        }
        return Timestamp(seconds: value)
    }
}
