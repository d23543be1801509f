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

    package static let metrics: [FigureName] = [
        .p50, .p90, .p99, .p999, .max, .mean, .throughput, .errors, .requests, .recall,
    ]
    package static let componentMetrics: [FigureName] = [.p50, .p90, .p99, .mean, .shareOfMean]
    package static let stageMetrics: [FigureName] = [.mean, .p50, .p90, .p99, .count]

    package var key: String
    package var operation: OperationKind
    /// Set for `OP.component.NAME.METRIC`.
    package var component: String?
    /// Set for `OP.stage.NAME.METRIC` (a Milvus stage such as `querynode.queue`).
    package var stage: String?
    package var metric: FigureName
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
        let metric: FigureName
        if parts.count == 2 {
            let names = metrics.map(\.rawValue)
            guard let name = FigureName(rawValue: parts[1]), metrics.contains(name) else {
                return .failure(
                    .init(
                        "unknown metric '\(parts[1])'; expected one of \(names.joined(separator: ", "))\(suggestion(for: parts[1], among: names))"
                    ))
            }
            metric = name
            guard metric != .recall || operation == .search else {
                return .failure(.init("recall is measured for searches only; expected search.recall"))
            }
        } else if parts.count == 4 && parts[1] == "component" {
            component = parts[2]
            guard let name = FigureName(rawValue: parts[3]), componentMetrics.contains(name) else {
                return .failure(
                    .init(
                        "unknown component metric '\(parts[3])'; expected one of \(componentMetrics.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
            metric = name
        } else if parts.count >= 4 && parts[1] == "stage" {
            stage = parts[2..<(parts.count - 1)].joined(separator: ".")
            guard let name = FigureName(rawValue: parts[parts.count - 1]), stageMetrics.contains(name) else {
                return .failure(
                    .init(
                        "unknown stage metric '\(parts[parts.count - 1])'; expected one of \(stageMetrics.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
            metric = name
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
        if percent && metric != .errors {
            return .failure(
                .init(
                    "a percentage applies to errors only (the error rate); write \(metric.rawValue) as a plain number"))
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
