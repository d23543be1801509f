import Analysis
import Foundation
import Results

/// components.csv, coverage.csv and the "where the time goes" section of summary.md.
package enum ComponentsReport {
    package static let header =
        "phase,operation,component,requests,p50_ms,p90_ms,p99_ms,mean_ms,share_of_mean,uncovered_ms"

    /// One row per phase, operation and component, over every joined trace.
    package static func csv(_ breakdowns: [OperationBreakdown]) -> String {
        var out = header + "\n"
        for row in breakdowns.flatMap(\.components) {
            out +=
                [
                    csvField(row.phase), csvField(row.operation), csvField(row.component), String(row.requests),
                    fixed(row.p50Ms), fixed(row.p90Ms), fixed(row.p99Ms), fixed(row.meanMs), fixed(row.shareOfMean, 4),
                    row.uncoveredMs.map { fixed($0) } ?? "",
                ]
                .joined(separator: ",") + "\n"
        }
        return out
    }

    package static let coverageHeader = "phase,operation,sampled,joined,complete,missing"

    /// One row per phase and operation: how many sampled requests joined their server spans, how
    /// many of those traces are complete, and which span names the others lack (`name:count`,
    /// separated by `;`).
    package static func coverageCSV(_ breakdowns: [OperationBreakdown]) -> String {
        var out = coverageHeader + "\n"
        for b in breakdowns {
            let c = b.coverage
            let missing = (c.missing ?? []).map { "\($0.name):\($0.lacking)" }.joined(separator: ";")
            out +=
                [
                    csvField(b.phase), csvField(b.operation), String(c.sampled), String(c.joined),
                    c.complete.map(String.init) ?? "", csvField(missing),
                ].joined(separator: ",") + "\n"
        }
        return out
    }

    /// `stages`: what Milvus's own metrics say of an operation, set below its untraced time.
    /// `explain`: what Milvus's metrics say of an operation's largest untraced wait.
    package static func markdown(
        _ tracing: TracingRecord, explain: (OperationBreakdown) -> String? = { _ in nil },
        stages: (OperationBreakdown) -> String = { _ in "" }
    ) -> String {
        var out = "## Where the time goes\n\n"
        out += "Sampled requests joined to their Milvus server spans by trace id (source: \(tracing.source)). "
        out +=
            "Each request's latency is split over components along its critical path, so the components of a request add up to its latency; "
        out +=
            "`client+wire` is the client span minus the server's root span, `net:A→B` the time between a call's client span in A and its server span in B; in an open loop, `client queue` is the time a request waited behind its schedule, from its intended start to its send (the latency table counts from the intended start too). "
        out +=
            "*Untraced* is time inside a span that hands work on (to child spans, or to spans it waits for) while no span's work ran: waiting that no span measures.\n"
        if tracing.clientSpansDropped > 0 {
            out += "\n> The client's span exporter dropped \(tracing.clientSpansDropped) spans (its buffer was full, or the collector refused them or could not be reached).\n"
        }
        if let counts = tracing.receiver {
            out +=
                "\nReceiver: \(counts.received) spans received, \(counts.kept) in traceload's traces, \(counts.foreign) of Milvus's own background work ignored"
            out += counts.dropped > 0 ? ", \(counts.dropped) dropped (collector full).\n" : ".\n"
        }
        for b in tracing.breakdowns {
            out += section(b, explanation: explain(b), stages: stages(b))
        }
        return out
    }

    static func section(_ b: OperationBreakdown, explanation: String? = nil, stages: String = "") -> String {
        var out = "\n### \(b.operation) (phase \(b.phase))\n\n"
        let c = b.coverage
        if let line = topLine(b, explanation: explanation) { out += line + "\n\n" }
        out +=
            "Coverage: \(c.joined) of \(c.sampled) sampled requests joined to their server spans (\(fixed(c.fraction * 100, 1))%), "
        out += "\(fixed(c.spansPerRequest, 1)) server spans per request"
        if let complete = c.complete, c.joined > 0 {
            out +=
                complete == c.joined
                ? "; every joined trace is complete.\n"
                : "; **\(complete) of \(c.joined) joined traces are complete**.\n"
        } else {
            out += ".\n"
        }
        if let diagnosis = c.diagnosis { out += "\n> **Why some are missing:** \(diagnosis)\n" }
        if let completeness = c.completeness { out += "\n> **Incomplete traces:** \(completeness)\n" }
        guard !b.components.isEmpty else { return out }
        let over =
            c.incomplete > 0
            ? "Over all \(c.joined) joined traces, complete or not" : "Over the \(c.joined) joined traces"
        out += "\n\(over):\n\n" + table(b.components)
        if let complete = b.completeComponents, let count = c.complete {
            out += "\nOver the \(count) complete traces alone:\n\n" + table(complete)
        }
        if let untraced = b.untraced?.filter({ $0.meanMs > 0 }), !untraced.isEmpty {
            out +=
                "\nWhere no span looks: time inside these spans while neither their child spans nor any span's work ran (mean over all joined requests):\n\n"
            out += "| span | component | requests | mean ms | p99 ms | share of latency |\n|---|---|--:|--:|--:|--:|\n"
            for row in untraced.prefix(8) {
                out +=
                    "| \(markdownCell(row.span)) | \(row.component) | \(row.requests) | \(fixed(row.meanMs)) | \(fixed(row.p99Ms)) | \(fixed(row.shareOfLatency * 100, 1))% |\n"
            }
        }
        out += stages
        if !b.tail.isEmpty {
            let slowest = b.tail.first?.slowestCount
            let median = b.tail.first?.medianCount
            let count = slowest.map { n in
                " — the slowest 1% is \(n) request\(n == 1 ? "" : "s")\(median.map { " (the median group \($0))" } ?? "")\(n < 5 ? ": too few to say more than what these few did" : "")"
            } ?? ""
            out += "\nThe slowest 1% of these requests against the median ones (mean ms per request)\(count):\n\n"
            out += "| component | median requests | slowest 1% | difference |\n|---|--:|--:|--:|\n"
            for row in b.tail.sorted(by: {
                ($0.slowestRequestsMs - $0.medianRequestMs) > ($1.slowestRequestsMs - $1.medianRequestMs)
            }) {
                out +=
                    "| \(row.component) | \(fixed(row.medianRequestMs)) | \(fixed(row.slowestRequestsMs)) | \(signed(row.slowestRequestsMs - row.medianRequestMs)) |\n"
            }
        }
        if !b.slowestTrace.isEmpty {
            out += "\nThe slowest sampled request (\(fixed(b.slowestRequestMs)) ms):\n\n```\n"
            for line in b.slowestTrace {
                let label = String(repeating: "  ", count: line.depth) + line.name
                let padded = label.count < 64 ? label + String(repeating: " ", count: 64 - label.count) : label
                out += "\(padded) \(fixed(line.durationMs).leftPadded(9)) ms  [\(line.component)]\n"
            }
            out += "```\n"
        }
        return out
    }

    /// "Mean 75.6 ms: proxy 75.7% (54.0 ms of it untraced, inside Proxy-Search-Execute), ...":
    /// a component's share is never given without the untraced waiting it holds.
    /// What an operation's time is, largest first, leading with the work and the waiting, not
    /// with the component whose span holds them: "86.6 ms waiting inside Proxy-Search-Execute,
    /// untraced (the wait for the query node; ...); segcore 2.1 ms; client+wire 1.0 ms; ...".
    static func topLine(_ b: OperationBreakdown, explanation: String? = nil) -> String? {
        guard !b.components.isEmpty else { return nil }
        let latency = b.meanLatencyMs
        var items: [(ms: Double, text: String)] = []
        for wait in (b.untraced ?? []) where wait.meanMs >= 0.1 * latency && wait.meanMs > 0 {
            var text = "\(fixed(wait.meanMs, 1)) ms waiting inside \(wait.span), untraced"
            if wait.span == b.untraced?.first?.span, let explanation { text += " (\(explanation))" }
            items.append((wait.meanMs, text))
        }
        let shown = Set(items.isEmpty ? [] : (b.untraced ?? []).filter { $0.meanMs >= 0.1 * latency }.map(\.span))
        for row in b.components {
            // A component's untraced part named above is not its work; what is left is.
            let named = (b.untraced ?? []).filter { $0.component == row.component && shown.contains($0.span) }
                .reduce(0) { $0 + $1.meanMs }
            let work = row.meanMs - named
            guard work >= 0.005 * latency else { continue }
            let untracedLeft = max(0, (row.uncoveredMs ?? 0) - named)
            var text = "\(row.component) \(fixed(work, 1)) ms"
            if untracedLeft >= 0.1 * work && untracedLeft > 0 { text += " (\(fixed(untracedLeft, 1)) ms of it untraced)" }
            items.append((work, text))
        }
        let parts = items.sorted { $0.ms > $1.ms }.map { "\($0.text) (\(fixed($0.ms / max(latency, 1e-9) * 100, 1))%)" }
        return "**Mean \(fixed(latency, 1)) ms:** " + parts.joined(separator: "; ") + "."
    }

    static func table(_ rows: [ComponentRow]) -> String {
        var out =
            "| component | p50 ms | p90 ms | p99 ms | mean ms | of which untraced | share of mean |\n|---|--:|--:|--:|--:|--:|--:|\n"
        for row in rows.sorted(by: { $0.meanMs > $1.meanMs }) {
            let untraced = row.uncoveredMs.map { fixed($0) } ?? "–"
            out +=
                "| \(row.component) | \(fixed(row.p50Ms)) | \(fixed(row.p90Ms)) | \(fixed(row.p99Ms)) | \(fixed(row.meanMs)) | \(untraced) | \(fixed(row.shareOfMean * 100, 1))% |\n"
        }
        return out
    }

    static func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + fixed(value) }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
