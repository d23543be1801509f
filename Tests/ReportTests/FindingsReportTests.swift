@testable import Findings
import Foundation
import Results
import TestFixtures
import Testing

@testable import Report

/// The Findings section leads with at most five findings, merged across phases; caveats and what
/// was ruled out follow, one line each; findings.csv keeps every row with its status.
@Suite struct FindingsReportTests {
    static func finding(
        _ rule: String, _ phase: String, share: Double?, status: Finding.Status = .finding, action: String? = "act"
    ) -> Finding {
        Finding(
            rule: rule, phase: phase, operation: nil, statement: "\(rule) in \(phase)", evidence: [.init("x", 1, "ms")],
            share: share, action: action, partial: nil, status: status)
    }

    static let findings = [
        finding("r1", "p", share: 0.5), finding("r2", "p", share: 0.4), finding("r3", "p", share: 0.3),
        finding("r4", "p", share: 0.2), finding("r5", "p", share: 0.1),
        finding("background-work", "insert", share: nil), finding("background-work", "search", share: nil),
        finding("growing-segments", "search", share: nil, status: .ruledOut, action: nil),
        finding("queue-saturation", "mixed", share: nil, status: .caveat, action: "what would tell more: a phase alone"),
    ]

    @Test func theSectionLeadsWithFiveAndListsCaveatsAndWhatWasRuledOut() {
        let markdown = FindingsReport.markdown(Self.findings)
        let numbered = markdown.split(separator: "\n").filter { $0.range(of: #"^\d+\. "#, options: .regularExpression) != nil }
        #expect(numbered.count == 5)
        #expect(numbered[0].hasPrefix("1. **r1 in p.** _(p, explains ~50% of the latency)_"))
        #expect(markdown.contains("\n1 more in findings.csv"))
        #expect(markdown.contains("**Caveats**"))
        #expect(markdown.contains("- queue-saturation in mixed. _(mixed)_ What would tell more: a phase alone."))
        #expect(markdown.contains("**Ruled out**\n\n- growing-segments in search. _(search)_\n"))
        // The two background findings are one, naming both phases (in findings.csv beyond the five).
        let all = FindingsReport.markdown(Array(Self.findings.dropFirst(4)))
        #expect(all.contains("_(insert and search)_"), "\(all)")
        #expect(!all.contains("background-work in search"))
    }

    @Test func theCSVKeepsEveryRowWithItsStatus() {
        let lines = FindingsReport.csv(Self.findings).split(separator: "\n")
        #expect(lines[0] == "phase,operation,rule,status,finding,evidence,share_of_latency,action,partial")
        #expect(lines.count == 1 + Self.findings.count)
        #expect(lines[1] == "p,,r1,finding,r1 in p,x=1 ms,0.500,act,")
        #expect(lines.contains("search,,growing-segments,ruled-out,growing-segments in search,x=1 ms,,,"))
        #expect(lines.contains { $0.hasPrefix("mixed,,queue-saturation,caveat,") })
    }

    @Test func withoutFindingsTheSectionSaysWhatWasLookedFor() {
        let silent = FindingsReport.markdown([])
        #expect(silent.contains("No rule found a cause to name"))
        // Every rule is named among what was looked for, the last two added with issue 34 too.
        #expect(silent.contains("low recall") && silent.contains("the largest component"))
    }

    /// docs/reports.md's quoted lead of the recorded quickstart run: the untraced wait and the saturation
    /// each merged across its two phases, each phase with its share.
    @Test func theQuickstartsScopeLineTheReportsPageQuotes() throws {
        let record = try RunRecord.load(path: Fixtures.path("runs/findings/quickstart/run.json"))
        let markdown = FindingsReport.markdown(Findings.of(record))
        #expect(markdown.contains("_(search/search ~40% and mixed/search ~5%, explains ~40% of the latency)_"), "\(markdown)")
        // The saturation of both phases is one cause, merged whatever their advice's figures.
        #expect(markdown.contains("_(search/search ~29% and mixed/search ~24%, explains ~29% of the latency)_"), "\(markdown)")
    }
}
