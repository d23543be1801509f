import Foundation
import Scenario

extension ScenarioRecord {
    /// The record of a validated scenario (after overrides).
    package init(_ scenario: Scenario, milvusEnvironment: String? = nil) {
        name = scenario.name
        collection = Collection(
            name: scenario.collection.name, dim: scenario.collection.dim, metric: scenario.collection.metric.rawValue,
            indexType: scenario.collection.index.type.rawValue, preloadRows: scenario.dataset.preloadRows)
        phases = scenario.phases.map { PhasePlan(name: $0.name, warmup: $0.warmup) }
        thresholds = scenario.thresholds.map(ThresholdRecord.init)
        // Failed requests are never a silent success: each measured operation's error rate is
        // gated (1% by default) unless the scenario gates it itself or turns the gate off.
        if let rate = scenario.maxErrorRate {
            let operations = Set(scenario.phases.filter { !$0.warmup }.flatMap { $0.mix.keys }).sorted()
            for operation in operations {
                let key = FigureKey(operation, .errors).rawValue
                guard !thresholds.contains(where: { $0.key == key }) else { continue }
                thresholds.append(
                    ThresholdRecord(
                        key: key, operation: operation.rawValue, component: nil, stage: nil, metric: .errors,
                        comparison: "<=", value: rate, percent: true, isDefault: true))
            }
        }
        serviceName = scenario.tracing.serviceName
        componentRules = scenario.tracing.components.map(ComponentRuleRecord.init)
        quietSeconds = scenario.tracing.quietSeconds
        settings = Self.settings(of: scenario, milvusEnvironment: milvusEnvironment)
    }

    /// The scenario's effective settings as key paths, phases by name (as `--set` writes them).
    /// Only what applies: a dataset read from files has no seed or distribution, and the
    /// embedded Milvus's environment is the one found, not the default name.
    static func settings(of scenario: Scenario, milvusEnvironment: String?) -> [String: String] {
        guard let data = try? JSONEncoder().encode(scenario),
            let tree = try? JSONDecoder().decode(JSONTree.self, from: data)
        else { return [:] }
        var out = tree.flattened()
        if scenario.dataset.vectors != nil {
            out["dataset.seed"] = nil
            out["dataset.distribution"] = nil
        }
        if let milvusEnvironment, out["milvus.embedded.venv"] != nil {
            out["milvus.embedded.venv"] = milvusEnvironment
        }
        // The sweep settings of `compare` say nothing about what a run measured.
        for key in out.keys where key.hasPrefix("compare.") { out[key] = nil }
        return out
    }
}

extension ThresholdRecord {
    package init(_ threshold: Threshold) {
        key = threshold.key
        operation = threshold.operation.rawValue
        component = threshold.component
        stage = threshold.stage
        metric = threshold.metric
        comparison = threshold.comparison.rawValue
        value = threshold.value
        percent = threshold.percent
    }
}

extension ComponentRuleRecord {
    package init(_ rule: ComponentRule) {
        service = rule.service
        scope = rule.scope
        prefix = rule.prefix
        suffix = rule.suffix
        kind = rule.kind?.rawValue
        component = rule.component
    }

    /// The rule again, for correlating a finished run.
    package var rule: ComponentRule {
        ComponentRule(
            service: service, scope: scope, prefix: prefix, suffix: suffix, kind: kind.flatMap(ComponentRule.Kind.init),
            component: component)
    }
}
