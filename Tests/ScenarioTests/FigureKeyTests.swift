import Foundation
import Testing

@testable import Scenario

/// Figure names are a file format: run.json, compare's round lines and the scenario's thresholds
/// hold their text, so the text stays as it was whatever the Swift names.
@Suite struct FigureKeyTests {
    @Test func theNamesAreTheOnesFilesHold() {
        #expect(
            FigureName.allCases.map(\.rawValue) == [
                "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "mean_ms", "throughput_per_s", "errors", "requests",
                "recall", "share_of_mean", "count", "error_rate_pct", "client_cpu_ms_per_req", "client_work_ms_per_req",
                "server_cpu_ms_per_req", "server_work_ms_per_req", "server_rss_mib", "spans_per_s", "spans_dropped",
            ])
        #expect(FigureName.p999.quantile == 0.999 && FigureName.mean.quantile == nil)
    }

    @Test func aKeyIsAnOperationsFigureOrARoundsWhole() {
        let p50 = FigureKey(.search, .p50)
        #expect(p50.rawValue == "search.p50_ms" && p50.operation == "search" && p50.name == .p50)
        #expect(FigureKey.throughput.rawValue == "throughput_per_s")
        #expect(FigureKey.throughput.operation == nil && FigureKey.throughput.name == .throughput)
        // A figure of a newer traceload keeps its key and goes without a name.
        let unknown = FigureKey(rawValue: "search.p75_ms")
        #expect(unknown.operation == "search" && unknown.name == nil)
    }

    @Test func keysAreTheirTextInJSONAsValuesAndAsDictionaryKeys() throws {
        let values: [FigureKey: Double] = [
            FigureKey(.search, .p50): 1.5, .throughput: 200, FigureKey(rawValue: "x"): 1,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(values), as: UTF8.self)
        #expect(json == #"{"search.p50_ms":1.5,"throughput_per_s":200,"x":1}"#)
        #expect(try JSONDecoder().decode([FigureKey: Double].self, from: Data(json.utf8)) == values)
        #expect(
            String(decoding: try encoder.encode([FigureKey.clientCPU]), as: UTF8.self) == #"["client_cpu_ms_per_req"]"#)
    }
}
