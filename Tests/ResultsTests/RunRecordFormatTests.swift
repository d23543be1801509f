import Foundation
import TestFixtures
import Testing

@testable import Results

/// run.json is versioned: a file of the first format (written by traceload before the run
/// engine) still loads and renders the same figures; a newer format is refused by name.
@Suite struct RunRecordFormatTests {
    static var formatOne: String { Fixtures.root.appendingPathComponent("runs/format-1").path }

    @Test func aRunJSONOfFormatOneStillLoads() throws {
        let record = try RunRecord.load(path: Self.formatOne)
        #expect(record.formatVersion == RunRecord.currentFormat)
        #expect(record.scenario.name == "fixture-v1")
        #expect(record.scenario.collection.indexType == "HNSW" && record.scenario.collection.preloadRows == 2000)
        #expect(record.scenario.phases.map(\.name) == ["warm", "search", "mixed"])
        #expect(record.scenario.thresholds.map(\.key) == ["search.p99_ms"])
        #expect(record.scenario.settings["phases.search.search.params.ef"] == "16")
        #expect(record.scenario.settings["collection.index.type"] == "HNSW")
        #expect(record.phases.count == 3 && record.tracing?.breakdowns.isEmpty == false)
        // What it measured survives the conversion: the same requests, the same histogram.
        let search = try #require(record.phases.first { $0.name == "search" }?.operations.first)
        #expect(search.operation == "search" && search.requests == 559)
    }

    @Test func aNewerFormatIsRefusedByName() throws {
        var json = try String(contentsOfFile: Self.formatOne + "/run.json", encoding: .utf8)
        json = json.replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 7")
        #expect {
            try RunRecord.decode(Data(json.utf8), file: "future/run.json")
        } throws: { error in
            "\(error)".contains("format 7") && "\(error)".contains("newer traceload")
        }
    }

    @Test func todaysFormatRoundTrips() throws {
        let record = try RunRecord.load(path: Self.formatOne)
        let again = try RunRecord.decode(try record.jsonData(), file: "again")
        #expect(again.scenario == record.scenario && again.phases.count == record.phases.count)
    }
}
