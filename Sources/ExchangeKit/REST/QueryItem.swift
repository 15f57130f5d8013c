/// One query parameter, kept in the order it is sent (signatures cover the order).
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    /// Creates a parameter.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == QueryItem {
    /// `a=1&b=2` with names and values as they are, not percent-encoded.
    public var rawQueryString: String {
        map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// `a=1&b=2` with everything but RFC 3986's unreserved characters percent-encoded.
    public var encodedQueryString: String {
        map { "\(QueryItem.percentEncode($0.name))=\(QueryItem.percentEncode($0.value))" }.joined(separator: "&")
    }
}

extension QueryItem {
    /// Percent-encodes everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
    public static func percentEncode(_ text: String) -> String {
        var needsEncoding = false
        for byte in text.utf8 where !isUnreserved(byte) {
            needsEncoding = true
            break
        }
        guard needsEncoding else { return text }
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
