import Analysis
import Foundation
import Results
import ServerMetrics

/// What one measured phase of a run offers the rules: its latency and throughput per operation,
/// Milvus's stage histograms, the per-second timeline (Milvus's CPU, queues, segments, the
/// machine's and traceload's CPU), and where its traced requests spent their time.
struct PhaseFacts {
    let phase: PhaseRecord
    let cores: Int
    let breakdowns: [OperationBreakdown]

    init(_ phase: PhaseRecord, run: RunRecord) {
        self.phase = phase
        cores = max(1, run.environment.cpuCores)
        breakdowns = (run.tracing?.breakdowns ?? []).filter { $0.phase == phase.name }
    }

    /// Traces alone (`analyze`): no phase record, no metrics.
    init(tracePhase name: String, breakdowns: [OperationBreakdown]) {
        phase = PhaseRecord(traced: name)
        cores = 1
        self.breakdowns = breakdowns
    }

    var name: String { phase.name }
    var hasMetrics: Bool { phase.server?.stages.isEmpty == false }

    /// The busiest variant of a stage for an operation (labels such as `scope=OnLeader` narrow it).
    func stage(_ name: String, _ operation: String?, _ labels: [String: String] = [:]) -> StageRow? {
        (phase.server?.stages ?? []).filter { row in
            row.stage == name && (operation == nil || row.operation?.lowercased() == operation)
                && labels.allSatisfy { row.labels.split(separator: ";").contains(Substring("\($0.key)=\($0.value)")) }
        }.max { $0.count < $1.count }
    }

    func mean(_ name: String, _ operation: String?, _ labels: [String: String] = [:]) -> Double? {
        stage(name, operation, labels).flatMap { $0.count > 0 ? $0.mean : nil }
    }

    /// A timeline column over the phase's seconds: its mean and its largest value.
    func timeline(_ column: String) -> (mean: Double, max: Double)? {
        let values = (phase.server?.timeline ?? []).compactMap { $0.values[column] }
        guard !values.isEmpty else { return nil }
        return (values.reduce(0, +) / Double(values.count), values.max()!)
    }

    func operation(_ name: String) -> OperationRecord? { phase.operations.first { $0.operation == name } }

    /// Successful requests per second of an operation.
    func throughput(_ name: String) -> Double? {
        operation(name).map { Double($0.successes) / max(phase.elapsedSeconds, 1e-9) }
    }

    func latency(_ name: String) -> LatencySummary? {
        operation(name).flatMap { try? LatencySummary($0.histogram) }.flatMap { $0.count > 0 ? $0 : nil }
    }

    func breakdown(_ operation: String) -> OperationBreakdown? {
        breakdowns.first { $0.operation.lowercased() == operation }
    }
}

/// Figures in findings' sentences.
func ms(_ value: Double) -> String { value >= 100 ? String(format: "%.0f", value) : String(format: "%.1f", value) }
func cores(_ value: Double) -> String { String(format: "%.1f", value) }
func count(_ value: Double) -> String {
    let digits = Array(String(Int(value.rounded())))
    guard digits.count > 4 else { return String(digits) }
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return out
}
func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
/// "+20%", "-17%".
func signedPercent(_ share: Double) -> String { String(format: "%+.0f%%", share * 100) }
func article(_ word: String) -> String { "aeiou".contains(word.first?.lowercased() ?? "") ? "an" : "a" }
func plural(_ operation: String) -> String {
    switch operation {
    case "search": "searches"
    case "query": "queries"
    default: operation + "s"
    }
}
