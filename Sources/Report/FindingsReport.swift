import Findings
import Foundation
import Results

/// findings.csv and the Findings section that opens summary.md and report.html: conclusions
/// first, each with the numbers it rests on and how much of the latency it explains.
package enum FindingsReport {
    package static let header = "phase,operation,rule,finding,evidence,share_of_latency,action,partial"

    package static func csv(_ findings: [Finding]) -> String {
        var out = header + "\n"
        for finding in findings {
            out +=
                [
                    csvField(finding.phase), finding.operation ?? "", finding.rule, csvField(finding.statement),
                    csvField(evidence(finding)), finding.share.map { fixed($0, 3) } ?? "",
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

    package static func markdown(_ findings: [Finding]) -> String {
        var out = "## Findings\n\n"
        guard !findings.isEmpty else {
            return out
                + "No rule found a cause to name (queue saturation, growing segments, background work, merged searches, a shared machine, useless concurrency, an open loop behind its rate, untraced waiting, the tail).\n"
        }
        for (index, finding) in findings.enumerated() {
            let scope = [finding.phase, finding.operation].compactMap { $0 }.joined(separator: "/")
            out += "\(index + 1). **\(markdownCell(finding.statement)).** "
            out += "_(\(scope)"
            if let share = finding.share { out += ", explains ~\(fixed(share * 100, 0))% of the latency" }
            out += ")_  \n   Evidence: \(evidence(finding))."
            if let action = finding.action { out += "  \n   What would change it: \(action)." }
            if let partial = finding.partial { out += "  \n   _Partial evidence: \(partial)._" }
            out += "\n"
        }
        return out
    }

    package static func html(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "" }
        var out = "<h2>Findings</h2><ol>"
        for finding in findings {
            let scope = [finding.phase, finding.operation].compactMap { $0 }.joined(separator: "/")
            out += "<li><b>\(escape(finding.statement)).</b> <span class=\"note\">(\(escape(scope))"
            if let share = finding.share { out += ", explains ~\(fixed(share * 100, 0))% of the latency" }
            out += ")</span><br><span class=\"note\">Evidence: \(escape(evidence(finding)))"
            if let action = finding.action { out += "<br>What would change it: \(escape(action))" }
            if let partial = finding.partial { out += "<br>Partial evidence: \(escape(partial))" }
            out += "</span></li>"
        }
        return out + "</ol>"
    }
}
