extension ScriptedWebSocketConnection {
    /// Waits until a text frame satisfying `predicate` has arrived, and returns all text frames so far.
    /// - Throws: ``ScriptedWebSocketError`` when `timeout` passes or the connection closes first.
    public func waitForText(where predicate: (String) -> Bool, timeout: Duration = .seconds(5)) async throws -> [String] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var count = 1
        while true {
            let texts = try await waitForText(count: count, timeout: deadline - ContinuousClock.now)
            if texts.contains(where: predicate) { return texts }
            count = texts.count + 1
        }
    }
}
