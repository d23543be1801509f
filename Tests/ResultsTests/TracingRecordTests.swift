import Foundation
import TestFixtures
import Testing

@testable import Results

/// run.json stores Analysis's breakdowns as they are: every recorded run's breakdowns load and
/// encode again to the same JSON, key for key and value for value (format 1's tail rows, which
/// predate the group counts, included).
@Suite struct TracingRecordTests {
    static let runs = [
        "runs/format-1", "runs/findings/quickstart", "runs/findings/busy-machine", "runs/findings/one-worker",
        "runs/findings/insert-and-search", "runs/findings/more-workers",
    ]

    /// A JSON value written with sorted keys and no spaces, to compare two of them as text.
    static func canonical(_ value: Any) throws -> String {
        String(
            decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]),
            as: UTF8.self)
    }

    @Test(arguments: runs) func recordedBreakdownsEncodeAgainToTheSameJSON(_ run: String) throws {
        let path = Fixtures.path(run + "/run.json")
        let file = try #require(
            try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let recorded = try #require((file["tracing"] as? [String: Any])?["breakdowns"] as? [Any])
        #expect(!recorded.isEmpty)
        let breakdowns = try #require(try RunRecord.load(path: path).tracing?.breakdowns)
        let again = try JSONSerialization.jsonObject(with: try RunRecord.encoder.encode(breakdowns))
        #expect(try Self.canonical(again) == Self.canonical(recorded))
    }
}
