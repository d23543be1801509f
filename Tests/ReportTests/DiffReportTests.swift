import Foundation
import Results
import TestFixtures
import Testing

@testable import Report

/// What `diff` prints, on recorded runs (Tests/Fixtures/runs/findings): the first line says what
/// the noise between runs is known from, the gate and its rate are said in words, and components
/// are printed with their noise and marked not gated. docs/comparing.md's sentences on diff rest on these.
@Suite struct DiffReportTests {
    static func load(_ name: String) throws -> RunRecord {
        try RunRecord.load(path: Fixtures.path("runs/findings/\(name)"))
    }

    static func render(_ bases: [String], _ new: String, allowance: Double? = nil) throws
        -> (markdown: String, regressions: [String], ungated: String?)
    {
        let result = try DiffReport.render(
            bases: bases.map(load), new: load(new), baseNames: bases, newName: new, tolerance: 5, floorMs: 0.1,
            limit: 10, allowance: allowance)
        return (result.text, result.regressions, result.ungated)
    }

    /// The quickstart on a quiet machine against the same on a busy one: much slower, and still,
    /// with one base run and no allowance, nothing is gated, and the first line says why.
    @Test func oneBaseRunSaysOnItsFirstLineThatTheNoiseBetweenRunsIsUnknown() throws {
        let result = try Self.render(["quickstart"], "busy-machine")
        let first = String(result.markdown.prefix { $0 != "\n" })
        #expect(first.hasPrefix("Between-run noise is unknown (one base run): not gated"), "\(first)")
        #expect(first.contains("--between-run-noise"))
        #expect(result.regressions.isEmpty && result.ungated == first && !result.markdown.contains("⚠️"))
        #expect(result.markdown.contains("not gated: between-run noise unknown"))
    }

    @Test func anAllowanceGatesTheHeadlineFigures() throws {
        let result = try Self.render(["quickstart"], "busy-machine", allowance: 8)
        let first = String(result.markdown.prefix { $0 != "\n" })
        #expect(first.hasPrefix("Between-run noise is unknown (one base run): gating on the stated allowance of ±8.0%"))
        #expect(result.ungated == nil && result.markdown.contains("√(w² + a²)"))
        // Only headline figures can be among the regressions.
        #expect(result.regressions.allSatisfy { $0.hasSuffix("p50_ms") || $0.hasSuffix("p99_ms") || $0.hasSuffix("throughput_per_s") || $0.hasSuffix("recall") }, "\(result.regressions)")
    }

    @Test func severalBaseRunsGiveThePredictionIntervalAndTheGatesRate() throws {
        let result = try Self.render(["quickstart", "quickstart", "quickstart"], "busy-machine")
        let lines = result.markdown.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("Between-run noise from 3 base runs") && lines[0].contains("√(1 + 1/3)"))
        #expect(result.markdown.contains("one family at 5%") && result.markdown.contains("1 time in 20"))
        #expect(result.ungated == nil)
        // Components: printed with a noise from their traces (p99 too), never gated, said in words.
        let components = lines.drop { !$0.hasPrefix("Per component") }
        #expect(components.first?.contains("not gated") == true)
        let p99 = components.filter { $0.contains(" p99_ms |") }
        #expect(!p99.isEmpty && p99.allSatisfy { $0.contains("±") && $0.contains("not gated: ") }, "\(p99)")
        #expect(p99.allSatisfy { !$0.contains("no estimate") })
        // The exploratory figures of the operations say so.
        #expect(lines.contains { $0.contains(" p90_ms |") && $0.contains("not gated: exploratory") })
    }

    @Test func baseRunsThatDifferAmongThemselvesAreNamed() throws {
        let result = try Self.render(["quickstart", "one-worker"], "busy-machine")
        #expect(result.markdown.contains("**The base runs differ among themselves**"))
    }
}
