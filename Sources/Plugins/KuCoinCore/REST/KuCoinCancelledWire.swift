/// The answer of KuCoin's cancel calls: `{"cancelledOrderIds":[…]}` (Futures, classic Spot),
/// `{"cancelledOrderId":…,"clientOid":…}` (by client id), or `{"orderId":…}` / `{"clientOid":…}` (Spot HF).
/// Samples: reference futures/rest/orders-delete-by-id.json, spot/rest/order-delete.json, spot/rest/hf-order-delete.json.
package struct KuCoinCancelledWire: Decodable, Sendable {
    package let cancelledOrderIds: [String]?
    package let cancelledOrderId: String?
    package let orderId: String?
    package let clientOid: String?

    /// The cancelled order ids; a client id when that is all the answer names.
    package var ids: [String] {
        cancelledOrderIds ?? (cancelledOrderId ?? orderId).map { [$0] } ?? clientOid.map { [$0] } ?? []
    }
}
