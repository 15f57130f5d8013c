import Foundation

/// Reads a test target's fixture files (recorded or reference payloads) from its resource bundle.
///
/// One loader for every test target: fixtures live in `Tests/<Target>/Fixtures/` and are
/// declared as `resources: [.copy("Fixtures")]`.
public enum Fixture {
    /// The bytes of `Fixtures/<path>` in `bundle` (pass `Bundle.module`).
    /// - Throws: an error naming the missing file.
    public static func bytes(_ path: String, in bundle: Bundle) throws -> [UInt8] {
        guard let url = bundle.url(forResource: "Fixtures/\(path)", withExtension: nil)
            ?? bundle.resourceURL?.appendingPathComponent("Fixtures").appendingPathComponent(path) else {
            throw FixtureError(path: path)
        }
        guard let data = try? Data(contentsOf: url) else { throw FixtureError(path: path) }
        return Array(data)
    }

    /// The text of `Fixtures/<path>` in `bundle`.
    public static func text(_ path: String, in bundle: Bundle) throws -> String {
        String(decoding: try bytes(path, in: bundle), as: UTF8.self)
    }

    /// A fixture that could not be read.
    public struct FixtureError: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "fixture Fixtures/\(path) not found in the test bundle" }
    }
}
