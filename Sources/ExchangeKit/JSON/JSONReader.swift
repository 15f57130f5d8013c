import Foundation

/// Reads one JSON document from raw UTF-8 bytes, on demand.
///
/// A pull reader for hot WebSocket decoders: the caller walks the document it
/// expects (``beginObject()``, ``nextKey()``, a `read…` call or ``skipValue()``
/// per value) and the reader finds keys and reads values straight from the
/// bytes, skipping what is not asked for without building strings or trees.
///
/// ```swift
/// try frame.withUnsafeReadableBytes { bytes in
///     var reader = JSONReader(bytes)
///     try reader.beginObject()
///     while let key = try reader.nextKey() {
///         if key.equals("price") { price = try reader.readDecimal() }
///         else if key.equals("ts") { ts = try reader.readInt64() }
///         else { try reader.skipValue() }
///     }
///     try reader.finish()
/// }
/// ```
///
/// - Important: The reader, and every ``JSONKey`` and ``JSONString`` it returns,
///   point into `bytes`: none may be used after the buffer is released (use them
///   inside the `withUnsafe…Bytes` closure that produced the buffer).
///
/// Strictness: everything the reader passes over — read or skipped — is checked
/// against RFC 8259: string escapes (including surrogate pairs), UTF-8,
/// unescaped control characters, number grammar (no `01`, `+1`, `.5`, `1.`,
/// `NaN`), literals, commas and brackets (no trailing commas). Numbers are read
/// exactly from their literal text by ``DecimalParser``, never through `Double`.
/// Every error is a ``JSONReaderError`` with the byte offset; the reader never
/// reads outside the buffer, never recurses, and stops at `maxDepth` nested
/// containers. After an error the reader's position is unspecified: discard it.
///
/// Calls must follow the document: a value is read (or skipped) once after each
/// `nextKey()` that returned a key, after each `nextElement()` that returned
/// `true`, and once at the top level; ``nextKey()`` only in an object and
/// ``nextElement()`` only in an array. Calls out of that order throw
/// ``JSONReaderError/Reason/invalidCall(_:)``. (Which kind each open container is
/// is tracked for the outermost 64 levels; deeper, when `maxDepth` allows, the
/// reader relies on the caller. ``skipValue()`` always checks every level.)
public struct JSONReader {
    /// The kind of the next value, from its first byte.
    public enum ValueKind: Sendable {
        case object, array, string, number, bool, null
    }

    /// Where the reader is between tokens.
    @usableFromInline
    enum State: UInt8 {
        /// A value comes next: at the top level, after a key, or after `nextElement()` returned true.
        case value
        /// Just after `{` or `[`: a first key or element, or the closing bracket.
        case open
        /// Just after a complete value: a comma, a closing bracket, or the end.
        case afterValue
    }

    /// The document's bytes; the scanning code lives there, so it never copies the reader's state.
    @usableFromInline let input: JSONInput
    @usableFromInline let maxDepth: Int
    @usableFromInline var position: Int
    @usableFromInline var depth: Int
    @usableFromInline var state: State
    /// Bit `k` is set when the container at depth `k + 1` is an object (for depths up to 64).
    @usableFromInline var objectLevels: UInt64

    /// Creates a reader over one JSON document.
    /// - Parameters:
    ///   - bytes: The document's UTF-8 bytes; must outlive the reader and everything it returns.
    ///   - maxDepth: The most objects and arrays that may be open at once; deeper input throws
    ///     ``JSONReaderError/Reason/tooDeep``.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64) {
        self.input = JSONInput(bytes)
        self.maxDepth = max(0, maxDepth)
        self.position = 0
        self.depth = 0
        self.state = .value
        self.objectLevels = 0
    }

    /// The byte offset of the next unread byte.
    @inlinable
    public var offset: Int { position }

    // MARK: - Kinds and literals

    /// The kind of the next value; skips whitespace, consumes nothing else.
    @inlinable
    public mutating func peekKind() throws(JSONReaderError) -> ValueKind {
        let i = input.skipWhitespace(position)
        position = i
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        switch input.byte(i) {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case let other: throw JSONReaderError(offset: i, reason: .unexpectedByte(other))
        }
    }

    /// Reads `true` or `false`.
    @inlinable
    public mutating func readBool() throws(JSONReaderError) -> Bool {
        try checkValueState()
        let i = input.skipWhitespace(position)
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        let value: Bool
        switch input.byte(i) {
        case UInt8(ascii: "t"):
            position = try input.literalEnd("true", at: i)
            value = true
        case UInt8(ascii: "f"):
            position = try input.literalEnd("false", at: i)
            value = false
        default:
            throw JSONReaderError(offset: i, reason: .expected("true or false"))
        }
        state = .afterValue
        return value
    }

    /// Reads `null`: true and consumed if the next value is null, false (nothing consumed) otherwise.
    /// Throws at the end of the input, where there is no value at all.
    @inlinable
    public mutating func readNull() throws(JSONReaderError) -> Bool {
        try checkValueState()
        let i = input.skipWhitespace(position)
        position = i
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        guard input.byte(i) == UInt8(ascii: "n") else { return false }
        position = try input.literalEnd("null", at: i)
        state = .afterValue
        return true
    }

    // MARK: - Objects

    /// Consumes the `{` that opens an object.
    @inlinable
    public mutating func beginObject() throws(JSONReaderError) {
        try open(UInt8(ascii: "{"), "an object")
    }

    /// Reads the next key of the current object and the `:` after it; the reader is then at the key's value.
    ///
    /// Handles the comma between members. Returns nil at the closing `}` (consumed).
    /// The key is a view into the buffer; compare it with ``JSONKey/equals(_:)``.
    @inlinable
    public mutating func nextKey() throws(JSONReaderError) -> JSONKey? {
        try checkNextCall(inObject: true)
        var i = input.skipWhitespace(position)
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        var b = input.byte(i)
        if state == .afterValue {
            if b == UInt8(ascii: ",") {
                i = input.skipWhitespace(i &+ 1)
                guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
                b = input.byte(i)
                guard b == UInt8(ascii: "\"") else { throw JSONReaderError(offset: i, reason: .expected("a key")) }
            } else if b != UInt8(ascii: "}") {
                throw JSONReaderError(offset: i, reason: .expected("',' or '}'"))
            }
        }
        if b == UInt8(ascii: "}") {
            position = i &+ 1
            depth &-= 1
            state = .afterValue
            return nil
        }
        guard b == UInt8(ascii: "\"") else { throw JSONReaderError(offset: i, reason: .expected("a key or '}'")) }
        let scanned = try input.scanString(openingQuoteAt: i)
        let colon = input.skipWhitespace(scanned.end &+ 1)
        guard colon < input.count else { throw JSONReaderError(offset: colon, reason: .unexpectedEnd) }
        guard input.byte(colon) == UInt8(ascii: ":") else { throw JSONReaderError(offset: colon, reason: .expected("':'")) }
        position = colon &+ 1
        state = .value
        return JSONKey(JSONString(
            rawBytes: input.slice(i &+ 1, scanned.end),
            hasEscapes: scanned.hasEscapes))
    }

    /// Positions the reader at the value of `key` in the current object, skipping the members before it.
    ///
    /// Returns false, with the object's `}` consumed, if the object ends first. Members
    /// after the one found are left for the caller (``nextKey()`` continues from there).
    @inlinable
    public mutating func seek(toKey key: StaticString) throws(JSONReaderError) -> Bool {
        while let candidate = try nextKey() {
            if candidate.equals(key) { return true }
            try skipValue()
        }
        return false
    }

    // MARK: - Arrays

    /// Consumes the `[` that opens an array.
    @inlinable
    public mutating func beginArray() throws(JSONReaderError) {
        try open(UInt8(ascii: "["), "an array")
    }

    /// Moves to the next element of the current array, handling the comma before it.
    ///
    /// Returns true when an element follows (read or skip it next), false at the closing `]` (consumed).
    @inlinable
    public mutating func nextElement() throws(JSONReaderError) -> Bool {
        try checkNextCall(inObject: false)
        let i = input.skipWhitespace(position)
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        let b = input.byte(i)
        if state == .open {
            if b != UInt8(ascii: "]") {
                state = .value
                return true
            }
        } else {
            if b == UInt8(ascii: ",") {
                position = i &+ 1
                state = .value
                return true
            }
            guard b == UInt8(ascii: "]") else { throw JSONReaderError(offset: i, reason: .expected("',' or ']'")) }
        }
        position = i &+ 1
        depth &-= 1
        state = .afterValue
        return false
    }

    // MARK: - End

    /// Checks that the document is complete and only whitespace follows it.
    @inlinable
    public mutating func finish() throws(JSONReaderError) {
        let i = input.skipWhitespace(position)
        guard state == .afterValue && depth == 0 else {
            // A truncated document ends here; otherwise the caller stopped before its end.
            throw JSONReaderError(offset: i, reason: i == input.count
                ? .unexpectedEnd
                : .invalidCall("finish() before the document was read to its end"))
        }
        guard i == input.count else { throw JSONReaderError(offset: i, reason: .trailingData) }
        position = i
    }

    // MARK: - Internals

    /// Checks that `nextKey()` (`inObject`) or `nextElement()` may be called: after a value
    /// or an opening bracket, inside a container of the right kind.
    @inlinable @inline(__always)
    func checkNextCall(inObject: Bool) throws(JSONReaderError) {
        let level = UInt(bitPattern: depth &- 1)    // the innermost container's bit; huge at depth 0
        if state != .value && level < 64 && (objectLevels &>> UInt64(level)) & 1 == (inObject ? 1 : 0) { return }
        try JSONReader.checkNextCallSlowly(inObject: inObject, state: state, depth: depth, objectLevels: objectLevels, at: position)
    }

    /// The rest of ``checkNextCall(inObject:)``: names the mistake, or allows the call beyond the 64 tracked levels.
    @usableFromInline
    static func checkNextCallSlowly(inObject: Bool, state: State, depth: Int, objectLevels: UInt64, at position: Int) throws(JSONReaderError) {
        let call = inObject ? "nextKey()" : "nextElement()"
        let what: String
        if state == .value {
            what = inObject ? "nextKey() before the previous key's value was read or skipped"
                : "nextElement() before the previous element was read or skipped"
        } else if depth == 0 {
            what = "\(call) outside any \(inObject ? "object" : "array")"
        } else if depth > 64 {
            return
        } else {
            what = "\(call) in an \(inObject ? "array" : "object")"
        }
        throw JSONReaderError(offset: position, reason: .invalidCall(what))
    }

    @inlinable @inline(__always)
    func checkValueState() throws(JSONReaderError) {
        guard state == .value else { throw JSONReader.invalidValueCall(at: position, state: state) }
    }

    // Static, so that no failure path needs the reader's address: taking it would make every
    // caller copy the reader to the stack first.
    @usableFromInline
    static func invalidValueCall(at position: Int, state: State) -> JSONReaderError {
        let what = state == .open
            ? "a value read before nextKey()/nextElement()"
            : "a value read where a ',' or closing bracket is expected (call nextKey()/nextElement() or finish())"
        return JSONReaderError(offset: position, reason: .invalidCall(what))
    }

    @inlinable
    mutating func open(_ bracket: UInt8, _ what: String) throws(JSONReaderError) {
        try checkValueState()
        let i = input.skipWhitespace(position)
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        guard input.byte(i) == bracket else { throw JSONReaderError(offset: i, reason: .expected(what)) }
        guard depth < maxDepth else { throw JSONReaderError(offset: i, reason: .tooDeep) }
        if depth < 64 {
            let bit: UInt64 = 1 &<< UInt64(depth)
            objectLevels = bracket == UInt8(ascii: "{") ? objectLevels | bit : objectLevels & ~bit
        }
        depth &+= 1
        position = i &+ 1
        state = .open
    }
}
