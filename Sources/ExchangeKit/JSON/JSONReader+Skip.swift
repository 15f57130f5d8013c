extension JSONReader {
    /// Skips the next value, whatever its kind, checking it as it goes.
    ///
    /// Strings are checked as strictly as when read (escapes, UTF-8, control
    /// characters) and numbers against JSON's grammar; their range is not checked,
    /// since nothing is parsed. Objects and arrays are walked iteratively, so deep
    /// nesting costs no stack: only `maxDepth` (counting the containers already
    /// open) bounds it.
    @inlinable
    public mutating func skipValue() throws(JSONReaderError) {
        try checkValueState()
        let i = input.skipWhitespace(position)
        guard i < input.count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
        let end: Int
        switch input.byte(i) {
        case UInt8(ascii: "\""):
            end = try input.scanString(openingQuoteAt: i).end &+ 1
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            end = try input.scanNumber(from: i, limit: input.count, inString: false).end
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            end = try input.skipContainer(at: i, openDepth: depth, maxDepth: maxDepth)
        case UInt8(ascii: "t"):
            end = try input.literalEnd("true", at: i)
        case UInt8(ascii: "f"):
            end = try input.literalEnd("false", at: i)
        case UInt8(ascii: "n"):
            end = try input.literalEnd("null", at: i)
        case let other:
            throw JSONReaderError(offset: i, reason: .unexpectedByte(other))
        }
        position = end
        state = .afterValue
    }
}

extension JSONInput {
    /// Skips the object or array whose opening bracket is at `start`; returns the index after its end.
    /// `openDepth` containers are open around it, at most `maxDepth` may be.
    @usableFromInline
    func skipContainer(at start: Int, openDepth: Int, maxDepth: Int) throws(JSONReaderError) -> Int {
        var stack = ContainerStack()
        var i = start
        var atValue = true
        while true {
            if atValue {
                i = skipWhitespace(i)
                guard i < count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
                let b = byte(i)
                switch b {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard openDepth &+ stack.count < maxDepth else { throw JSONReaderError(offset: i, reason: .tooDeep) }
                    let isObject = b == UInt8(ascii: "{")
                    stack.push(isObject: isObject)
                    i = skipWhitespace(i &+ 1)
                    guard i < count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
                    if byte(i) == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        stack.pop()
                        i &+= 1
                        atValue = false
                    } else if isObject {
                        i = try afterKey(at: i)
                    }
                    continue
                case UInt8(ascii: "\""):
                    i = try scanString(openingQuoteAt: i).end &+ 1
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    i = try scanNumber(from: i, limit: count, inString: false).end
                case UInt8(ascii: "t"):
                    i = try literalEnd("true", at: i)
                case UInt8(ascii: "f"):
                    i = try literalEnd("false", at: i)
                case UInt8(ascii: "n"):
                    i = try literalEnd("null", at: i)
                default:
                    throw JSONReaderError(offset: i, reason: .unexpectedByte(b))
                }
                atValue = false
            } else {
                if stack.count == 0 { return i }
                i = skipWhitespace(i)
                guard i < count else { throw JSONReaderError(offset: i, reason: .unexpectedEnd) }
                let b = byte(i)
                let inObject = stack.topIsObject
                if b == UInt8(ascii: ",") {
                    i &+= 1
                    if inObject { i = try afterKey(at: skipWhitespace(i)) }
                    atValue = true
                } else if b == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    stack.pop()
                    i &+= 1
                } else {
                    throw JSONReaderError(offset: i, reason: .expected(inObject ? "',' or '}'" : "',' or ']'"))
                }
            }
        }
    }

    /// Checks the key at `index` and the `:` after it; returns the index after the colon.
    @usableFromInline
    func afterKey(at index: Int) throws(JSONReaderError) -> Int {
        guard index < count else { throw JSONReaderError(offset: index, reason: .unexpectedEnd) }
        guard byte(index) == UInt8(ascii: "\"") else { throw JSONReaderError(offset: index, reason: .expected("a key")) }
        let end = try scanString(openingQuoteAt: index).end
        let colon = skipWhitespace(end &+ 1)
        guard colon < count else { throw JSONReaderError(offset: colon, reason: .unexpectedEnd) }
        guard byte(colon) == UInt8(ascii: ":") else { throw JSONReaderError(offset: colon, reason: .expected("':'")) }
        return colon &+ 1
    }
}

/// Which open containers are objects, one bit per level: the first 64 levels in a word,
/// deeper ones (only when `maxDepth` allows) in an array grown on demand.
struct ContainerStack {
    var count = 0
    var low: UInt64 = 0
    var spill: [UInt64] = []

    init() {}

    mutating func push(isObject: Bool) {
        if count < 64 {
            let bit: UInt64 = 1 << UInt64(count)
            low = isObject ? low | bit : low & ~bit
        } else {
            let level = count - 64
            let word = level >> 6
            if word == spill.count { spill.append(0) }
            let bit: UInt64 = 1 << UInt64(level & 63)
            spill[word] = isObject ? spill[word] | bit : spill[word] & ~bit
        }
        count += 1
    }

    mutating func pop() {
        count -= 1
    }

    var topIsObject: Bool {
        let level = count - 1
        if level < 64 { return low >> UInt64(level) & 1 == 1 }
        let deep = level - 64
        return spill[deep >> 6] >> UInt64(deep & 63) & 1 == 1
    }
}
