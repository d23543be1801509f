import Analysis
import Foundation
import Results
import TraceContext
import Traces
import Workload

extension RunEngine {
    /// The run as run.json keeps it. A run fails (its report says why first, and the command
    /// exits with the run-failed code) when Milvus exited, when a request failed under
    /// `onError: stop`, when something broke after the first phase, or when not one request
    /// succeeded.
    func makeRecord(
        _ run: RunState, target: String, failure: String?, crashes: [String], stop: StopReason?
    ) -> RunRecord {
        var environment = RunEnvironment(milvusVersion: run.version, milvusTarget: target)
        environment.milvusEnvironment = run.milvusEnvironment
        var record = RunRecord(
            tool: options.tool, scenario: ScenarioRecord(scenario, milvusEnvironment: run.milvusEnvironment),
            environment: environment, startedAt: run.started, finishedAt: Date(), partial: stop?.description,
            phases: run.phases)
        record.metricsSource = run.metricsSource
        record.segment = options.segment.map { SegmentRecord(index: $0.index, count: $0.count) }
        record.rounds = run.rounds.count > 1 ? run.rounds : nil
        record.clientCPUSeconds = run.clientCPUSeconds
        record.notes = run.traceWarnings
        if scenario.tracing.enabled && !scenario.tracing.propagate {
            let fraction = scenario.tracing.serverSampleFraction
            record.notes.insert(
                "The client sent no trace context (tracing.propagate: false): no request carried a traceparent, so none is broken down by component; "
                    + (scenario.milvus.isEmbedded
                        ? "Milvus sampled \(fraction == 0 ? "nothing" : "its own requests at trace.sampleFraction \(fraction)") in traces of its own."
                        : "Milvus traced only what its own trace.sampleFraction chose, in traces of its own."),
                at: 0)
        }
        if scenario.tracing.enabled {
            record.tracing = tracingRecord(run, requests: record.clientRequests)
        }

        var failures: [String] = []
        if !crashes.isEmpty {
            let restarted = !scenario.stopOnError && stop == nil
            failures.append(
                crashes.joined(separator: "; ")
                    + (restarted ? "; Milvus was started again on its data and the run went on" : ""))
        }
        if case .firstError = stop { failures.append(stop!.description) }
        if let failure { failures.append(failure) }
        let measured = record.measuredPhases
        let requests = measured.reduce(0) { $0 + $1.totalRequests }
        if requests > 0 && measured.allSatisfy({ $0.totalErrors == $0.totalRequests }) {
            let example = measured.flatMap(\.operations).compactMap { $0.errorExamples?.values.first }.first
            failures.append(
                "not one of \(requests) requests succeeded" + (example.map { " (e.g. \(String($0.prefix(160))))" } ?? ""))
        }
        record.failure = failures.isEmpty ? nil : failures.joined(separator: "; ")
        if case .serverExited = stop { record.partial = nil }
        return record
    }

    /// Every measured phase's sampled requests correlated with the spans collected for them.
    func tracingRecord(_ run: RunState, requests: [ClientRequest]) -> TracingRecord {
        let traces = ClientTraffic.traces(of: requests, in: run.spans, clientService: run.clientService).traces
        let serverFraction: Double? = scenario.milvus.isEmbedded ? scenario.tracing.serverSampleFraction : nil
        return TracingRecord(
            source: run.traceSource, clientService: run.clientService, serverSampleFraction: serverFraction,
            breakdowns: Correlation.breakdowns(
                requests: requests, tracesByRequest: traces, clientService: run.clientService,
                map: Correlation.componentMap(scenario.tracing.components),
                evidence: run.traceEvidence ?? TraceEvidence()),
            receiver: run.receiver, clientSpansDropped: run.client?.droppedSpans ?? 0)
    }
}
