import Foundation
import Results
import TestFixtures
import Testing

@testable import Report

/// `diff --format json`, read back with JSONSerialization (not the encoder's own Decodable), and
/// its figures checked against values worked out here from the latencies the runs were built of:
/// nearest-rank percentiles, the spread between the base runs, and Student's t with 2 degrees of
/// freedom in closed form, t = (2p − 1) / √(2p(1 − p)).
@Suite struct DiffJSONTests {
    /// 1,000 searches of 0.1 ms … 100 ms, every latency times `scale`, over the 10 s SampleRuns gives.
    static func run(scale: Double) throws -> RunRecord {
        try SampleRuns.run((1...1000).map { Double($0) / 10 * scale })
    }

    static func json(bases: [RunRecord], new: RunRecord, limit: Double? = 10) throws -> [String: Any] {
        let result = try DiffReport.render(
            bases: bases, new: new, baseNames: bases.indices.map { "base\($0)" }, newName: "new", tolerance: 5,
            floorMs: 0.1, limit: limit, format: .json)
        let object = try JSONSerialization.jsonObject(with: Data(result.text.utf8))
        return try #require(object as? [String: Any])
    }

    static func figure(_ json: [String: Any], _ metric: String) throws -> [String: Any] {
        let figures = try #require(json["figures"] as? [[String: Any]])
        return try #require(figures.first { $0["metric"] as? String == metric && $0["component"] == nil })
    }

    /// t quantile with 2 degrees of freedom.
    static func t2(_ p: Double) -> Double { (2 * p - 1) / (2 * p * (1 - p)).squareRoot() }

    static func close(_ a: Double?, _ b: Double, within relative: Double = 0.005) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= relative * max(abs(b), 1e-9)
    }

    /// Three base runs at 0.5×, 1× and 1.5× the latencies, the new run at 5×: p50 50 ms ± a spread
    /// of 25 ms between the bases, and 250 ms now.
    @Test func everyFigureCarriesItsValuesItsNoiseItsVerdictAndItsGate() throws {
        let bases = try [0.5, 1, 1.5].map(Self.run)
        let json = try Self.json(bases: bases, new: try Self.run(scale: 5))
        #expect(json["baseRuns"] as? Int == 3 && json["gated"] as? Bool == true)
        #expect((json["noiseBetweenRuns"] as? String)?.hasPrefix("Between-run noise from 3 base runs") == true)
        let inflation = (1 + 1 / 3.0).squareRoot()
        // The headline family: throughput, p50 and p99 (p99.9 of 1,000 requests is sparse, no recall).
        let gateT = Self.t2(1 - 0.05 / 3)
        for (metric, rank) in [("p50_ms", 50.0), ("p99_ms", 99.0)] {
            let figure = try Self.figure(json, metric)
            let values = [0.5, 1, 1.5].map { rank * $0 }
            let mean = values.reduce(0, +) / 3
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
            let new = rank * 5
            #expect(Self.close(figure["base"] as? Double, mean), "\(metric): \(figure)")
            #expect(Self.close(figure["new"] as? Double, new), "\(metric): \(figure)")
            #expect(Self.close(figure["change"] as? Double, (new - mean) / mean * 100) && figure["changeUnit"] as? String == "percent")
            let noise = Self.t2(0.975) * sd * inflation
            #expect(Self.close(figure["noise"] as? Double, noise), "\(metric): noise \(figure["noise"] ?? "none") ≠ \(noise)")
            #expect(Self.close(figure["noiseChange"] as? Double, noise / mean * 100))
            #expect(figure["noiseFrom"] as? String == "between 3 base runs")
            #expect(figure["verdict"] as? String == (abs(new - mean) > noise ? "changes" : "cannot-tell"))
            let bound = gateT * sd * inflation
            #expect(Self.close(figure["gateBound"] as? Double, bound), "\(metric): bound \(figure["gateBound"] ?? "none") ≠ \(bound)")
            #expect(figure["gate"] as? String == (abs(new - mean) > bound ? "worse" : "within"))
        }
        // The same throughput everywhere (1,000 requests in 10 s): no change, no spread, gated.
        let throughput = try Self.figure(json, "throughput_per_s")
        #expect(Self.close(throughput["base"] as? Double, 100) && Self.close(throughput["new"] as? Double, 100))
        #expect(throughput["gate"] as? String == "within" && throughput["verdict"] as? String == "cannot-tell")
        // p90 is printed, not gated; p99.9 from 1,000 requests is a guess.
        let p90 = try Self.figure(json, "p90_ms")
        #expect(p90["gate"] as? String == "not gated" && (p90["notGated"] as? String)?.contains("exploratory") == true)
        #expect(p90["gateBound"] == nil)
        #expect(try Self.figure(json, "p999_ms")["verdict"] as? String == "sparse")
        // --fail-on-regression 10%: both percentiles are far beyond their bounds.
        #expect(Set(json["regressions"] as? [String] ?? []) == ["p/search p50_ms", "p/search p99_ms"])
        #expect(json["failOnRegressionPercent"] as? Double == 10)
    }

    /// One base run and no allowance: every figure says why it is not gated, nothing is a regression.
    @Test func oneBaseRunIsReportedWithoutAGate() throws {
        let json = try Self.json(bases: [try Self.run(scale: 1)], new: try Self.run(scale: 5))
        #expect(json["gated"] as? Bool == false && json["baseRuns"] as? Int == 1)
        #expect((json["noiseBetweenRuns"] as? String)?.contains("not gated") == true)
        #expect((json["regressions"] as? [String])?.isEmpty == true)
        let figures = try #require(json["figures"] as? [[String: Any]])
        #expect(figures.count == 5)
        #expect(figures.allSatisfy { $0["gate"] as? String == "not gated" && $0["notGated"] as? String == "between-run noise unknown" })
        // Within one run the p50's error is the order statistic's: ranks 500 ± √(0.25 × 1000), each
        // rank 0.1 ms apart at 1×, 0.5 ms at 5×; the two runs' errors add as independent ones, normal.
        let p50 = try Self.figure(json, "p50_ms")
        let orderError = (0.25 * 1000).squareRoot() * 0.1
        let expected = 1.959964 * (orderError * orderError + 25 * orderError * orderError).squareRoot()
        #expect(Self.close(p50["noise"] as? Double, expected, within: 0.05), "\(p50)")
    }

    /// The JSON and the Markdown are the same diff: a row for every figure, the same verdicts.
    @Test func theJSONHoldsEveryRowOfTheMarkdown() throws {
        let load = { (name: String) in try RunRecord.load(path: Fixtures.path("runs/findings/\(name)")) }
        let bases = try ["quickstart", "busy-machine"].map(load)
        let new = try load("quickstart")
        let markdown = try DiffReport.render(
            bases: bases, new: new, baseNames: ["a", "b"], newName: "n", tolerance: 5, floorMs: 0.1, limit: nil
        ).text
        let json = try Self.json(bases: bases, new: new, limit: nil)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| phase |") && !$0.hasPrefix("| setting") }
        let figures = try #require(json["figures"] as? [[String: Any]])
        #expect(!figures.isEmpty && rows.count == figures.count, "\(rows.count) rows, \(figures.count) figures")
        for figure in figures {
            let metric = ((figure["component"] as? String).map { $0 + " " } ?? "") + (figure["metric"] as? String ?? "")
            let row = rows.first { $0.hasPrefix("| \(figure["phase"]!) | \(figure["operation"]!) | \(metric) |") }
            #expect(row?.contains("| \(figure["verdict"]!) |") == true, "\(metric): \(row ?? "no row")")
        }
    }
}
