import Foundation

/// Whether two `JSONSerialization` trees are equal: strings stay apart from numbers
/// (`"5"` is not `5`), numbers compare by value, objects ignore key order.
func jsonEqual(_ left: Any, _ right: Any) -> Bool {
    switch (left, right) {
    case (let a as [String: Any], let b as [String: Any]):
        return a.count == b.count && a.allSatisfy { key, value in b[key].map { jsonEqual(value, $0) } ?? false }
    case (let a as [Any], let b as [Any]):
        return a.count == b.count && zip(a, b).allSatisfy(jsonEqual)
    case (let a as String, let b as String):
        return a == b
    case (is String, _), (_, is String):
        return false
    case (let a as NSNumber, let b as NSNumber):
        return a == b
    case (is NSNull, is NSNull):
        return true
    default:
        return false
    }
}
