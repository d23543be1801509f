import Comparison
import Foundation
import Results

/// `traceload diff` as Markdown for a pull-request comment (or as JSON, `DiffJSON`). Its first line says what the noise
/// between runs is known from (several base runs, an allowance the user stated, or nothing);
/// then the settings the runs differ in, the gate and its error rate, and every figure with its
/// change, the noise it is measured against, its verdict and whether it is gated.
package enum DiffReport {
    /// What `traceload diff` prints: Markdown for a pull request's comment (the default), or JSON
    /// for a program (`DiffJSON`).
    package enum Format: String, CaseIterable, Sendable {
        case markdown, json
    }

    /// What the gate says of one figure at the tolerance: worse or better beyond its bound, within
    /// it, or nothing (not gated). The Markdown's last column and the JSON's `gate` both read it.
    package enum GateStatus: String, Codable, Sendable {
        case worse, better, within
        case notGated = "not gated"
    }

    /// What `traceload diff` prints (in `format`), the labels of the gated figures that got worse
    /// by more than `limit` beyond their gate's bound (what `--fail-on-regression` fails on), and,
    /// when there is no gate (one base run and no allowance), why. Refuses runs that measured
    /// different things.
    package static func render(
        bases: [RunRecord], new: RunRecord, baseNames: [String], newName: String, tolerance: Double,
        floorMs: Double, limit: Double?, allowance: Double? = nil, format: Format = .markdown
    ) throws -> (text: String, regressions: [String], ungated: String?) {
        let diff = try RunDiff.compare(bases: bases, new: new, allowance: allowance)
        let worse = limit.map { limit in
            diff.figures.filter { $0.isRegression(limit: limit, floorMs: floorMs) }.map(\.label)
        }
        let ungated = diff.baseCount < 2 && diff.allowance == nil ? firstLine(diff) : nil
        let text: String
        switch format {
        case .markdown:
            text = markdown(diff, baseNames: baseNames, newName: newName, tolerance: tolerance, floorMs: floorMs)
        case .json:
            text = try DiffJSON(
                diff, baseNames: baseNames, newName: newName, tolerance: tolerance, floorMs: floorMs, limit: limit,
                regressions: worse ?? []
            ).encoded()
        }
        return (text, worse ?? [], ungated)
    }

    /// The gate's verdict on `figure` at `tolerance` (percent, or the unit of a figure told in its own).
    static func status(of figure: DiffFigure, tolerance: Double, floorMs: Double) -> GateStatus {
        if figure.isRegression(limit: tolerance, floorMs: floorMs) { return .worse }
        guard figure.notGated == nil, let gate = figure.gateNoise else { return .notGated }
        return abs(figure.new - figure.base) > gate && figure.worsening < -tolerance ? .better : .within
    }

    /// The gate's half-width in percent of the base; nil when not gated or the base is 0.
    static func boundPercent(_ figure: DiffFigure) -> Double? {
        guard let gate = figure.gateNoise, figure.base != 0 else { return nil }
        return gate / abs(figure.base) * 100
    }

    /// What the noise between runs is known from, and so whether and how the diff gates.
    static func firstLine(_ diff: RunDiff) -> String {
        let k = diff.baseCount
        if k >= 2 {
            return
                "Between-run noise from \(k) base runs: each figure is judged against the base runs' mean with a 95% prediction interval, mean ± t(\(k - 1) df) × s × √(1 + 1/\(k)), s the standard deviation of its values across the base runs."
        }
        let rounds =
            diff.baseRounds > 1
            ? " Its \(diff.baseRounds) rounds ran in one Milvus lifetime; their spread understates what differs between runs (a new Milvus process, an HNSW graph built again, the machine's other work)."
            : ""
        if let allowance = diff.allowance {
            return
                "Between-run noise is unknown (one base run): gating on the stated allowance of ±\(fixed(allowance, 1))% between runs, combined with each figure's noise within the runs.\(rounds)"
        }
        return
            "Between-run noise is unknown (one base run): not gated, since the noise within a run alone understates what differs between runs.\(rounds) Give several base runs (or a folder of them), or state an allowance with --between-run-noise."
    }

    package static func markdown(
        _ diff: RunDiff, baseNames: [String], newName: String, tolerance: Double, floorMs: Double
    ) -> String {
        var out = firstLine(diff) + "\n\n"
        out += "### traceload: \(newName) against \(baseNames.joined(separator: ", "))\n\n"
        if diff.settings.isEmpty {
            out += "The runs have the same settings.\n\n"
        } else {
            out += "The runs differ in \(diff.settings.count) setting\(diff.settings.count == 1 ? "" : "s"):\n\n"
            out += "| setting | base | new |\n|---|---|---|\n"
            for setting in diff.settings.prefix(40) {
                out += "| \(markdownCell(setting.key)) | \(markdownCell(setting.base)) | \(markdownCell(setting.new)) |\n"
            }
            if diff.settings.count > 40 { out += "| … \(diff.settings.count - 40) more | | |\n" }
            out += "\n"
        }
        if !diff.baseSettings.isEmpty {
            out +=
                "**The base runs differ among themselves** in \(diff.baseSettings.prefix(10).joined(separator: ", ")): their spread is not only noise.\n\n"
        }
        out += gate(diff, tolerance: tolerance, floorMs: floorMs)
        out += "| phase | operation | metric | base | new | change | noise | from | verdict | gate |\n"
        out += "|---|---|---|--:|--:|--:|--:|---|---|---|\n"
        for figure in diff.figures where figure.component == nil {
            out += line(figure, tolerance: tolerance, floorMs: floorMs)
        }
        let components = diff.figures.filter { $0.component != nil }
        if !components.isEmpty {
            out +=
                "\nPer component (ms); not gated: a run has many components, each read from a sample of traces, and gating them all would make a false alarm likely. With one base run the noise of a component's p50 and p99 comes from its traces (the order statistic's error for that many traces, the spread read off its p50, p90 and p99, an exponential tail for p99).\n\n"
            out += "| phase | operation | metric | base | new | change | noise | from | verdict | gate |\n"
            out += "|---|---|---|--:|--:|--:|--:|---|---|---|\n"
            for figure in components { out += line(figure, tolerance: tolerance, floorMs: floorMs) }
        }
        return out
    }

    /// The gate in words: which figures, against what, at which error rate, and what it found.
    static func gate(_ diff: RunDiff, tolerance: Double, floorMs: Double) -> String {
        let gated = diff.gated
        let floor = floorMs > 0 ? " (and \(fixed(floorMs, 2)) ms)" : ""
        var out = ""
        if diff.baseCount >= 2 {
            let perFigure = 100 * RunDiff.familyRate / Double(max(gated.count, 2))
            out +=
                "Gate: the headline figures (each operation's throughput, p50, p99 and recall; \(gated.count) here), one family at \(fixed(100 * RunDiff.familyRate, 0))%: each is judged on its worse side at \(fixed(perFigure, 2))% (Bonferroni), t(\(diff.baseCount - 1) df) × s × √(1 + 1/\(diff.baseCount)), so an unchanged run fails at most 1 time in \(Int((1 / RunDiff.familyRate).rounded())) (when a figure's values across runs are about normal). The other figures are printed, exploratory. More base runs narrow the bounds.\n\n"
            if diff.baseRounds > 1 {
                out +=
                    "The base runs are `run --repeat` runs: each counts as one value (its figure over all its rounds). Their rounds ran in one Milvus lifetime each and understate what differs between runs, so the spread between runs alone is used.\n\n"
            }
            out += "A base figure's spread is never taken below the base runs' own noise within a run.\n\n"
        } else if let allowance = diff.allowance {
            out +=
                "Gate: the headline figures (each operation's throughput, p50, p99 and recall; \(gated.count) here). A figure fails when |new − base| exceeds √(w² + a²), w the half-width of its 95% interval within the runs and a = \(fixed(allowance, 1))% of the base (the allowance for what differs between runs), and it is worse by more than the limit. The error rate is as good as the allowance.\n\n"
        }
        let flagged = diff.figures.filter { $0.isRegression(limit: tolerance, floorMs: floorMs) }
        if !gated.isEmpty {
            out +=
                flagged.isEmpty
                ? "No gated figure got worse by more than \(fixed(tolerance, 0))%\(floor) beyond its bound.\n\n"
                : "**\(flagged.count) gated figure\(flagged.count == 1 ? "" : "s") got worse by more than \(fixed(tolerance, 0))%\(floor) beyond the bound.**\n\n"
        }
        out +=
            "Noise: the half-width of the 95% interval of the difference (with several base runs, of the prediction interval), with Student's t for the degrees of freedom its estimate has: between base runs, K − 1; between rounds or stretches of seconds, Welch–Satterthwaite's; an order statistic or a count, the normal.\n\n"
        return out
    }

    static func line(_ figure: DiffFigure, tolerance: Double, floorMs: Double) -> String {
        let change = figure.change.map { ($0 >= 0 ? "+" : "") + fixed($0, 1) + "%" } ?? "—"
        let noise = figure.noiseChange.map { "±" + fixed($0, 1) + "%" } ?? "no estimate"
        let verdict = figure.sparse != nil ? "sparse" : figure.verdict.rawValue
        let bound = boundPercent(figure).map { "±" + fixed($0, 1) + "%" } ?? ""
        let flag: String
        switch status(of: figure, tolerance: tolerance, floorMs: floorMs) {
        case .worse: flag = "⚠️ worse (beyond \(bound))"
        case .notGated: flag = "not gated: \(figure.notGated ?? "no noise estimate")"
        case .better: flag = "better (beyond \(bound))"
        case .within: flag = "gated at \(bound)"
        }
        let metric = (figure.component.map { "\($0) " } ?? "") + figure.metric.rawValue
        return
            "| \(markdownCell(figure.phase)) | \(markdownCell(figure.operation)) | \(markdownCell(metric)) | \(fixed(figure.base)) | \(fixed(figure.new)) | \(change) | \(noise) | \(figure.method) | \(verdict) | \(markdownCell(flag)) |\n"
    }
}
