import ExchangeKit

/// libFuzzer entry: one input is one document for `JSONReader`, the frame reader every venue
/// decoder is built on. It walks the whole document (objects, arrays, strings, decimals,
/// integers), then skips it again from the start; both must agree on whether it is valid.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: count)
    var walker = JSONReader(bytes, maxDepth: 64)
    let walked = (try? walk(&walker, depth: 0)).map { (try? walker.finish()) != nil } ?? false
    var skipper = JSONReader(bytes, maxDepth: 64)
    let skipped = (try? skipper.skipValue()).map { (try? skipper.finish()) != nil } ?? false
    precondition(walked == skipped, "reading and skipping disagree on validity")
    return 0
}

/// Reads a value with the typed calls a decoder uses.
func walk(_ reader: inout JSONReader, depth: Int) throws {
    switch try reader.peekKind() {
    case .object:
        try reader.beginObject()
        while try reader.nextKey() != nil { try walk(&reader, depth: depth + 1) }
    case .array:
        try reader.beginArray()
        while try reader.nextElement() { try walk(&reader, depth: depth + 1) }
    case .string:
        _ = try reader.readString()
    case .number:
        // A number that is not an exact decimal is an error, not a crash; then skip it as a literal.
        let start = reader
        if (try? reader.readDecimal()) == nil {
            reader = start
            _ = try reader.readNumberBytes()
        }
    case .bool:
        _ = try reader.readBool()
    case .null:
        _ = try reader.readNull()
    }
}
