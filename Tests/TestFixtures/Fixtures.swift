import Foundation
import Traces

/// The recorded Milvus traces and metrics and the Jaeger answers in Tests/Fixtures (each folder's
/// README says where they came from), for every test target.
package enum Fixtures {
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    package static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    package static func data(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    /// Every span of an OTLP JSON lines recording; a recording that does not parse cleanly is an error.
    package static func spans(_ name: String) throws -> [Span] {
        let result = try OTLPJSON.readFile(path(name))
        guard result.problems.isEmpty else { throw FixtureError(message: "\(name): \(result.problems.prefix(3))") }
        return result.spans
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
