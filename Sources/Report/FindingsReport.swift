import Findings
import Foundation
import Results

/// findings.csv and the Findings section that opens summary.md and report.html: the few findings
/// that explain the most latency first, each with the numbers it rests on and its share of the
/// latency; then the caveats and what was ruled out, one line each. findings.csv keeps every row.
package enum FindingsReport {
    package static let header = "phase,operation,rule,status,finding,evidence,share_of_latency,action,partial"

    package static func csv(_ findings: [Finding]) -> String {
        var out = header + "\n"
        for finding in findings {
            out +=
                [
                    csvField(finding.phase), finding.operation ?? "", finding.rule, finding.status.rawValue,
                    csvField(finding.statement), csvField(evidence(finding)), finding.share.map { fixed($0, 3) } ?? "",
                    csvField(finding.action ?? ""), csvField(finding.partial ?? ""),
                ].joined(separator: ",") + "\n"
        }
        return out
    }

    static func evidence(_ finding: Finding) -> String {
        finding.evidence.map { "\($0.name)=\(number($0.value))\($0.unit.isEmpty ? "" : " " + $0.unit)" }
            .joined(separator: "; ")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int64(value)) : fixed(value, value < 10 ? 3 : 1)
    }

    static func scope(_ finding: Finding) -> String {
        [finding.phase, finding.operation].compactMap { $0 }.joined(separator: "/")
    }

    /// "What would change it: ...", or for a finding without a remedy "What would tell more: ...".
    static func actionLine(_ text: String) -> String {
        let more = "what would tell more: "
        return text.hasPrefix(more) ? "What would tell more: " + text.dropFirst(more.count) : "What would change it: " + text
    }

    static let silent =
        "No rule found a cause to name (queue saturation, growing segments, background work, merged searches, a shared machine, useless concurrency, an open loop behind its rate, untraced waiting, the tail, low recall, the largest component of the latency)."

    package static func markdown(_ findings: [Finding]) -> String {
        var out = "## Findings\n\n"
        let digest = FindingsDigest(findings)
        if digest.lead.isEmpty { out += silent + "\n" }
        for (index, finding) in digest.lead.enumerated() {
            out += "\(index + 1). **\(markdownCell(finding.statement)).** "
            out += "_(\(scope(finding))"
            if let share = finding.share { out += ", explains ~\(fixed(share * 100, 0))% of the latency" }
            out += ")_  \n   Evidence: \(evidence(finding))."
            if let action = finding.action { out += "  \n   \(actionLine(action))." }
            if let partial = finding.partial { out += "  \n   _Partial evidence: \(partial)._" }
            out += "\n"
        }
        if digest.more > 0 {
            out += "\n\(digest.more) more in findings.csv, which lists every finding phase by phase with its status.\n"
        }
        if !digest.caveats.isEmpty {
            out += "\n**Caveats** (figures that contradict the latency table: not stated as causes)\n\n"
            for finding in digest.caveats {
                out += "- \(markdownCell(finding.statement)). _(\(scope(finding)))_"
                out += finding.action.map { " \(actionLine($0))." } ?? ""
                out += "\n"
            }
        }
        if !digest.ruledOut.isEmpty {
            out += "\n**Ruled out**\n\n"
            for finding in digest.ruledOut { out += "- \(markdownCell(finding.statement)). _(\(scope(finding)))_\n" }
        }
        return out
    }

    package static func html(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "" }
        let digest = FindingsDigest(findings)
        var out = "<h2>Findings</h2>"
        if digest.lead.isEmpty { out += "<p>\(escape(silent))</p>" }
        out += "<ol>"
        for finding in digest.lead {
            out += "<li><b>\(escape(finding.statement)).</b> <span class=\"note\">(\(escape(scope(finding)))"
            if let share = finding.share { out += ", explains ~\(fixed(share * 100, 0))% of the latency" }
            out += ")</span><br><span class=\"note\">Evidence: \(escape(evidence(finding)))"
            if let action = finding.action { out += "<br>\(escape(actionLine(action)))" }
            if let partial = finding.partial { out += "<br>Partial evidence: \(escape(partial))" }
            out += "</span></li>"
        }
        out += "</ol>"
        if digest.more > 0 {
            out += "<p class=\"note\">\(digest.more) more in findings.csv, which lists every finding phase by phase with its status.</p>"
        }
        if !digest.caveats.isEmpty {
            out += "<p><b>Caveats</b> (figures that contradict the latency table: not stated as causes)</p><ul>"
            for finding in digest.caveats {
                out += "<li>\(escape(finding.statement)). <span class=\"note\">(\(escape(scope(finding))))"
                out += finding.action.map { " \(escape(actionLine($0)))." } ?? ""
                out += "</span></li>"
            }
            out += "</ul>"
        }
        if !digest.ruledOut.isEmpty {
            out += "<p><b>Ruled out</b></p><ul>"
            for finding in digest.ruledOut {
                out += "<li>\(escape(finding.statement)). <span class=\"note\">(\(escape(scope(finding))))</span></li>"
            }
            out += "</ul>"
        }
        return out
    }
}
