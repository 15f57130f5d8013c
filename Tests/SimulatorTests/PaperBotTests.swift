import Foundation
import Testing

@Suite("Examples/PaperBot against the simulator", .timeLimit(.minutes(1)))
struct PaperBotTests {
    @Test("the example app runs end to end: book, order placed and cancelled, market order, position")
    func paperBot() throws {
        // The built example sits beside the test bundle (`swift build --build-tests` builds every product).
        let buildDirectory = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [buildDirectory, Bundle.main.bundleURL].map { $0.appendingPathComponent("paper-bot") }
        let binary = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                                  "paper-bot is not built next to the tests (\(candidates.map(\.path))); run swift build --build-tests")
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = binary
        process.currentDirectoryURL = repository
        process.environment = ["PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("simulator at http://127.0.0.1:") && text.contains("book after 50 updates"))
        #expect(text.contains(": open") && text.contains("cancelled [\""))
        #expect(text.contains("market buy 2 filled; position 2 @ "))
    }
}
