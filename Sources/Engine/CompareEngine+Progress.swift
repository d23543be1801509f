import Comparison
import Foundation
import Results

extension CompareEngine {
    /// The comparison so far: each variant's figures against the baseline, and each variant's run.
    func makeProgress(
        _ state: CompareState, variants: [CompareVariant], plan: ServerPlan, servers: [MilvusServer],
        stopReason: String, restart: ServerRestart?
    ) -> CompareProgress {
        var rounds: [String: [RoundRecord]] = [:]
        for (index, variant) in variants.enumerated() { rounds[variant.name] = state.rounds[index] }
        let keys = Set(state.rounds.first?.flatMap(\.values.keys) ?? [])
        let measured = variants[0].scenario.phases.filter { !$0.warmup }
        let headlines = Figure.headlines(in: keys, openLoopOnly: measured.allSatisfy { $0.rate != nil })
        let ownServer = Set(
            variants.indices.filter { plan.groups[plan.serverOf[$0]].variants.count == 1 && plan.groups.count > 1 }
                .map { variants[$0].name })
        var notes = plan.notes + state.problems
        if let note = restart?.note() { notes.append(note) }
        notes.append("Blocks of \(formatSeconds(options.blockSeconds)) (the measured phases scaled to it); their order in each round drawn with seed \(options.seed).")
        let summary = ComparisonSummary(
            scenario: variants[0].scenario.name, baseline: variants[0].name, order: variants.map(\.name),
            settings: Dictionary(uniqueKeysWithValues: variants.map { ($0.name, $0.settings) }), ownServer: ownServer,
            rounds: rounds, headlines: headlines, precision: options.rule.precision, stopReason: stopReason,
            aa: options.aa ? CompareOptions.aaName : nil, notes: notes)
        let records = variants.enumerated().compactMap { index, variant -> (name: String, record: RunRecord)? in
            guard !state.phases[index].isEmpty else { return nil }
            let server = servers[plan.serverOf[index]]
            let target = server.target
            let started = state.phases[index].map(\.startedAt).min() ?? Date()
            var record = RunRecord(
                tool: options.tool, scenario: ScenarioRecord(variant.scenario),
                environment: RunEnvironment(milvusVersion: server.session.version, milvusTarget: target),
                startedAt: started, finishedAt: Date(), partial: nil, phases: state.phases[index],
                notes: ["variant \(variant.name) of a comparison: \(state.rounds[index].count) blocks of \(formatSeconds(options.blockSeconds))"])
            record.rounds = state.rounds[index]
            return (variant.name, record)
        }
        return CompareProgress(summary: summary, records: records)
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
}
