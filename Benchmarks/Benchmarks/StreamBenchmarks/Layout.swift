import ExchangeKit
import Foundation
func printLayouts() {
    guard ProcessInfo.processInfo.environment["PRINT_LAYOUT"] != nil else { return }
    print("StreamMessage", MemoryLayout<StreamMessage>.size, "Payload", MemoryLayout<StreamEvent.Payload>.size, "StreamEvent", MemoryLayout<StreamEvent>.size,
          "Trade", MemoryLayout<Trade>.size, "Ticker", MemoryLayout<Ticker>.size, "BookDelta", MemoryLayout<BookDelta>.size,
          "OrderUpdate", MemoryLayout<OrderUpdate>.size, "Position", MemoryLayout<Position>.size, "BookUpdate", MemoryLayout<BookUpdate>.size,
          "BookChange", MemoryLayout<BookChange>.size, "PriceLevel", MemoryLayout<PriceLevel>.size, "Output", MemoryLayout<BookSynchronizer.Output>.size)
}
