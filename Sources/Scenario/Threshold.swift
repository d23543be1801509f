import Foundation

/// A pass/fail condition on a run, k6 style: `search.p99_ms: "< 50"`, `insert.errors: "< 0.1%"`,
/// `search.component.querynode.p99_ms: "< 20"`, `search.stage.querynode.queue.mean_ms: "< 20"`.
package struct Threshold: Sendable, Equatable, Codable {
    package enum Comparison: String, Sendable, Codable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    package static let metrics = [
        "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "mean_ms", "throughput_per_s", "errors", "requests",
        "recall",
    ]
    package static let componentMetrics = ["p50_ms", "p90_ms", "p99_ms", "mean_ms", "share_of_mean"]
    package static let stageMetrics = ["mean_ms", "p50_ms", "p90_ms", "p99_ms", "count"]

    package var key: String
    package var operation: OperationKind
    /// Set for `OP.component.NAME.METRIC`.
    package var component: String?
    /// Set for `OP.stage.NAME.METRIC` (a Milvus stage such as `querynode.queue`).
    package var stage: String?
    package var metric: String
    package var comparison: Comparison
    package var value: Double
    /// `errors: "< 0.1%"`: the error rate in percent rather than a count.
    package var percent: Bool

    package var condition: String { "\(comparison.rawValue) \(formatNumber(value))\(percent ? "%" : "")" }

    package func holds(for actual: Double) -> Bool {
        switch comparison {
        case .less: actual < value
        case .lessOrEqual: actual <= value
        case .greater: actual > value
        case .greaterOrEqual: actual >= value
        }
    }

    /// Parses one entry; the error says what was expected.
    package static func parse(key: String, condition: String) -> Result<Threshold, ThresholdError> {
        let parts = key.split(separator: ".").map(String.init)
        let operations = OperationKind.allCases.map(\.rawValue)
        guard let first = parts.first, let operation = OperationKind(rawValue: first) else {
            return .failure(
                .init(
                    "expected OPERATION.METRIC with OPERATION one of \(operations.joined(separator: ", "))\(suggestion(for: parts.first, among: operations))"
                ))
        }
        var component: String?
        var stage: String?
        let metric: String
        if parts.count == 2 {
            metric = parts[1]
            guard metrics.contains(metric) else {
                return .failure(
                    .init(
                        "unknown metric '\(metric)'; expected one of \(metrics.joined(separator: ", "))\(suggestion(for: metric, among: metrics))"
                    ))
            }
            guard metric != "recall" || operation == .search else {
                return .failure(.init("recall is measured for searches only; expected search.recall"))
            }
        } else if parts.count == 4 && parts[1] == "component" {
            component = parts[2]
            metric = parts[3]
            guard componentMetrics.contains(metric) else {
                return .failure(
                    .init(
                        "unknown component metric '\(metric)'; expected one of \(componentMetrics.joined(separator: ", "))"
                    ))
            }
        } else if parts.count >= 4 && parts[1] == "stage" {
            stage = parts[2..<(parts.count - 1)].joined(separator: ".")
            metric = parts[parts.count - 1]
            guard stageMetrics.contains(metric) else {
                return .failure(
                    .init("unknown stage metric '\(metric)'; expected one of \(stageMetrics.joined(separator: ", "))"))
            }
        } else {
            return .failure(
                .init(
                    "expected OPERATION.METRIC, OPERATION.component.NAME.METRIC or OPERATION.stage.NAME.METRIC, e.g. search.p99_ms, search.component.querynode.p99_ms or search.stage.querynode.queue.mean_ms"
                ))
        }
        var text = condition.trimmingCharacters(in: .whitespaces)
        let comparison: Comparison
        if text.hasPrefix("<=") {
            comparison = .lessOrEqual
        } else if text.hasPrefix(">=") {
            comparison = .greaterOrEqual
        } else if text.hasPrefix("<") {
            comparison = .less
        } else if text.hasPrefix(">") {
            comparison = .greater
        } else {
            return .failure(
                .init("expected a condition such as \"< 50\" (<, <=, >, >= and a number), found '\(condition)'"))
        }
        text = String(text.dropFirst(comparison.rawValue.count)).trimmingCharacters(in: .whitespaces)
        let percent = text.hasSuffix("%")
        if percent { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        guard let value = Double(text), value.isFinite else {
            return .failure(.init("expected a number after \(comparison.rawValue), found '\(text)'"))
        }
        if percent && metric != "errors" {
            return .failure(
                .init("a percentage applies to errors only (the error rate); write \(metric) as a plain number"))
        }
        var threshold = Threshold(
            key: key, operation: operation, component: component, metric: metric, comparison: comparison, value: value,
            percent: percent)
        threshold.stage = stage
        return .success(threshold)
    }
}

package struct ThresholdError: Error, Sendable {
    package var message: String
    init(_ message: String) { self.message = message }
}
