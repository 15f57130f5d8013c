/// KuCoin Futures frames in the wire shapes of the reference samples, for scripted servers.
public enum KuCoinFuturesFrames {
    /// A trade of the execution topic; `index` makes its id, sequence, side, size and price distinct.
    public static func execution(_ index: Int, symbol: String = "XBTUSDTM") -> String {
        #"{"topic":"/contractMarket/execution:\#(symbol)","type":"message","subject":"match","sn":\#(1000 + index),"data":{"symbol":"\#(symbol)","sequence":\#(1000 + index),"side":"\#(index % 2 == 0 ? "buy" : "sell")","size":\#(index + 1),"price":"9050\#(index).5","takerOrderId":"t\#(index)","makerOrderId":"m\#(index)","tradeId":"\#(5000 + index)","ts":1731898619520000000}}"#
    }

    /// A level2 delta: `change` is KuCoin's `"price,side,size"`.
    public static func level2(_ sequence: Int64, _ change: String, symbol: String = "XBTUSDTM") -> String {
        #"{"topic":"/contractMarket/level2:\#(symbol)","type":"message","subject":"level2","sn":\#(sequence),"data":{"sequence":\#(sequence),"change":"\#(change)","timestamp":1731897467182}}"#
    }

    /// The REST reply of `GET /api/v1/level2/snapshot`; `bids` and `asks` are JSON arrays of `[price,size]`.
    public static func snapshotReply(_ sequence: Int64, symbol: String = "XBTUSDTM", bids: String, asks: String) -> String {
        #"{"code":"200000","data":{"sequence":\#(sequence),"symbol":"\#(symbol)","bids":\#(bids),"asks":\#(asks),"ts":1729168101216000000}}"#
    }
}
