import Foundation

/// Builds JSON text into a byte array, fast: no `Encodable`, no intermediate `String`s.
///
/// Commas are placed for you; keys and values alternate inside objects. Decimals are
/// written as JSON strings holding their exact text (`"price":"96123.5"`), as the
/// runner's JSON lines require.
///
/// ```swift
/// var json = JSONWriter()
/// json.objectStart()
/// json.field("kind", "trade")
/// json.field("price", trade.price)
/// json.objectEnd()
/// ```
public struct JSONWriter: Sendable {
    /// The text so far.
    public var bytes: [UInt8]
    /// One bit per open container: set while the next element needs a comma before it.
    @usableFromInline var needsComma: UInt64 = 0
    @usableFromInline var depth = 0

    /// Creates an empty writer.
    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the text, keeping the storage.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = 0
        depth = 0
        pendingValue = false
    }

    /// The text as a `String`.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    @inlinable
    mutating func separate() {
        let bit: UInt64 = 1 << UInt64(depth & 63)
        if needsComma & bit != 0 { bytes.append(UInt8(ascii: ",")) } else { needsComma |= bit }
    }

    @inlinable
    mutating func open(_ byte: UInt8) {
        valueStart()
        bytes.append(byte)
        depth += 1
        needsComma &= ~(1 << UInt64(depth & 63))
    }

    /// Starts an object (`{`).
    @inlinable public mutating func objectStart() { open(UInt8(ascii: "{")) }
    /// Ends an object (`}`).
    @inlinable public mutating func objectEnd() {
        depth -= 1
        bytes.append(UInt8(ascii: "}"))
    }
    /// Starts an array (`[`).
    @inlinable public mutating func arrayStart() { open(UInt8(ascii: "[")) }
    /// Ends an array (`]`).
    @inlinable public mutating func arrayEnd() {
        depth -= 1
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes a key; the next call writes its value.
    @inlinable
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        // The value that follows must not get a comma of its own.
        pendingValue = true
    }

    /// Writes a key that is data rather than a literal (a header name), escaped.
    public mutating func key(text name: String) {
        separate()
        var name = name
        name.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: ":"))
        pendingValue = true
    }

    /// Set between a key and its value, so the value writes no comma.
    @usableFromInline var pendingValue = false

    @inlinable
    mutating func valueStart() {
        if pendingValue {
            pendingValue = false
        } else {
            separate()
        }
    }

    /// Writes a string value, escaped.
    @inlinable
    public mutating func value(_ text: String) {
        valueStart()
        var text = text
        text.withUTF8 { appendEscaped($0) }
    }

    /// Writes a string value from raw UTF-8 (invalid sequences become U+FFFD).
    public mutating func value(utf8 raw: UnsafeRawBufferPointer) {
        valueStart()
        if String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) == nil {
            var text = String(decoding: raw, as: UTF8.self)
            text.withUTF8 { appendEscaped($0) }
        } else {
            appendEscaped(raw.bindMemory(to: UInt8.self))
        }
    }

    /// Writes a decimal as a string holding its exact text.
    @inlinable
    public mutating func value(_ decimal: Decimal) {
        valueStart()
        bytes.append(UInt8(ascii: "\""))
        DecimalText.write(decimal, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes an integer.
    @inlinable
    public mutating func value(_ number: Int64) {
        valueStart()
        appendInteger(number)
    }

    /// Writes an integer.
    @inlinable
    public mutating func value(_ number: Int) { value(Int64(number)) }

    /// Writes `true` or `false`.
    @inlinable
    public mutating func value(_ flag: Bool) {
        valueStart()
        bytes.append(contentsOf: flag ? Self.trueBytes : Self.falseBytes)
    }

    /// Writes `null`.
    @inlinable
    public mutating func null() {
        valueStart()
        bytes.append(contentsOf: Self.nullBytes)
    }

    /// Appends already-valid JSON as a value (a nested document written elsewhere).
    public mutating func raw(_ json: some Collection<UInt8>) {
        valueStart()
        bytes.append(contentsOf: json)
    }

    // MARK: fields

    /// Writes `"name":"text"`.
    @inlinable public mutating func field(_ name: StaticString, _ text: String) { key(name); value(text) }
    /// Writes `"name":"decimal"`.
    @inlinable public mutating func field(_ name: StaticString, _ decimal: Decimal) { key(name); value(decimal) }
    /// Writes `"name":integer`.
    @inlinable public mutating func field(_ name: StaticString, _ number: Int64) { key(name); value(number) }
    /// Writes `"name":integer`.
    @inlinable public mutating func field(_ name: StaticString, _ number: Int) { key(name); value(Int64(number)) }
    /// Writes `"name":true|false`.
    @inlinable public mutating func field(_ name: StaticString, _ flag: Bool) { key(name); value(flag) }
    /// Writes `"name":nanoseconds`.
    @inlinable public mutating func field(_ name: StaticString, _ time: Timestamp) { key(name); value(time.nanoseconds) }

    /// Writes the field when the value is present.
    @inlinable public mutating func field(_ name: StaticString, ifPresent text: String?) { if let text { field(name, text) } }
    /// Writes the id as a string when it is present, from its inline bytes.
    public mutating func field(_ name: StaticString, ifPresent id: InlineID?) {
        guard let id else { return }
        key(name)
        valueStart()
        id.withUTF8 { appendEscaped($0.bindMemory(to: UInt8.self)) }
    }
    /// Writes the field when the value is present.
    @inlinable public mutating func field(_ name: StaticString, ifPresent decimal: Decimal?) { if let decimal { field(name, decimal) } }
    /// Writes the field when the value is present.
    @inlinable public mutating func field(_ name: StaticString, ifPresent number: Int64?) { if let number { field(name, number) } }
    /// Writes the field when the value is present.
    @inlinable public mutating func field(_ name: StaticString, ifPresent number: Int?) { if let number { field(name, number) } }
    /// Writes the field when the value is present.
    @inlinable public mutating func field(_ name: StaticString, ifPresent time: Timestamp?) { if let time { field(name, time) } }

    // MARK: text

    @inlinable
    mutating func appendInteger(_ number: Int64) {
        // Digits are written right to left, two at a time, into a scratch, then appended at once.
        var magnitude = number.magnitude
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { digits in
            var start = digits.count
            while magnitude >= 100 {
                let pair = Int(magnitude % 100) &* 2
                magnitude /= 100
                start -= 2
                digits[start] = JSONWriter.digitPairs[pair]
                digits[start + 1] = JSONWriter.digitPairs[pair + 1]
            }
            if magnitude >= 10 {
                let pair = Int(magnitude) &* 2
                start -= 2
                digits[start] = JSONWriter.digitPairs[pair]
                digits[start + 1] = JSONWriter.digitPairs[pair + 1]
            } else {
                start -= 1
                digits[start] = UInt8(truncatingIfNeeded: magnitude) &+ 48
            }
            if number < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[start...]))
        }
    }

    /// "00" "01" … "99", for writing two digits per division.
    @usableFromInline static let digitPairs: [UInt8] = {
        var pairs: [UInt8] = []
        for value in 0..<100 {
            pairs.append(UInt8(48 + value / 10))
            pairs.append(UInt8(48 + value % 10))
        }
        return pairs
    }()

    @usableFromInline
    mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }

    @usableFromInline static let trueBytes: [UInt8] = Array("true".utf8)
    @usableFromInline static let falseBytes: [UInt8] = Array("false".utf8)
    @usableFromInline static let nullBytes: [UInt8] = Array("null".utf8)
}
