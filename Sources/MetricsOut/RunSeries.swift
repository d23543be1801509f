import Scenario
import Workload

/// A run's live figures as Prometheus series, second by second: counters of requests and
/// errors per phase and operation, each second's latency quantiles (per operation, and over the
/// phase's operations together, as timeline.csv has them), requests in flight, and traces sampled
/// and joined. Named after Prometheus's conventions (base units, `_total` counters); every
/// series carries the run's name and phase. Counters keep counting across a phase's rounds.
package struct RunSeries: Sendable {
    package let run: String
    private var totals: [String: Totals] = [:]

    struct Totals {
        var requests: [OperationKind: Int] = [:]
        var errors: [OperationKind: Int] = [:]
        var sampled = 0
        var joined = 0
        /// The newest timestamp sent: a receiver refuses samples older than what it has.
        var lastMillis: Int64 = 0
    }

    package static let quantiles: [(label: String, percentile: Double)] = [("0.5", 50), ("0.9", 90), ("0.99", 99)]

    package static let metadata: [WriteRequest.Metadata] = [
        .init(name: "traceload_requests_total", kind: .counter, help: "Requests answered (successes and errors), by operation."),
        .init(name: "traceload_request_errors_total", kind: .counter, help: "Requests that failed, by operation."),
        .init(
            name: "traceload_request_duration_seconds", kind: .gauge,
            help: "Latency quantiles of the requests answered in each second, by operation (from the intended start in an open loop).",
            unit: "seconds"),
        .init(
            name: "traceload_phase_request_duration_seconds", kind: .gauge,
            help: "Latency quantiles of all the phase's requests answered in each second.", unit: "seconds"),
        .init(name: "traceload_requests_in_flight", kind: .gauge, help: "Requests sent and not yet answered."),
        .init(name: "traceload_traces_sampled_total", kind: .counter, help: "Requests sampled for tracing."),
        .init(
            name: "traceload_traces_joined_total", kind: .counter,
            help: "Sampled requests whose trace holds Milvus's spans (known once the phase's spans are collected)."),
    ]

    /// The same series as OpenTelemetry instruments (OTLP metrics out), named as OpenTelemetry's
    /// conventions have it; a Collector's Prometheus exporter turns `traceload.requests` ({request},
    /// a monotonic sum) back into `traceload_requests_total` and `traceload.request.duration` (s)
    /// into `traceload_request_duration_seconds`.
    package static let instruments: [String: OTLPMetricsRequest.Instrument] = {
        let otlp: [String: (name: String, unit: String)] = [
            "traceload_requests_total": ("traceload.requests", "{request}"),
            "traceload_request_errors_total": ("traceload.request.errors", "{request}"),
            "traceload_request_duration_seconds": ("traceload.request.duration", "s"),
            "traceload_phase_request_duration_seconds": ("traceload.phase.request.duration", "s"),
            "traceload_requests_in_flight": ("traceload.requests.in_flight", "{request}"),
            "traceload_traces_sampled_total": ("traceload.traces.sampled", "{trace}"),
            "traceload_traces_joined_total": ("traceload.traces.joined", "{trace}"),
        ]
        var out: [String: OTLPMetricsRequest.Instrument] = [:]
        for entry in metadata {
            guard let named = otlp[entry.name] else { continue }
            out[entry.name] = .init(name: named.name, unit: named.unit, isSum: entry.kind == .counter, description: entry.help)
        }
        return out
    }()

    package init(run: String) {
        self.run = run
    }

    func labels(_ name: String, phase: String, _ more: [String: String] = [:]) -> [String: String] {
        var labels = ["__name__": name, "run": run, "phase": phase]
        for (key, value) in more { labels[key] = value }
        return labels
    }

    /// The series of seconds `first...last` of a phase that started at `startMillis` (Unix ms),
    /// from `buckets` (those recorded among them): each second's samples stamped at its end;
    /// `endMillis`, the end of the last one when it is the phase's last, partial second. Seconds without requests still move the counters' time on (flat),
    /// so a stall shows as a rate of zero, not as missing data. `operations`: those the phase
    /// runs, counted from zero.
    package mutating func seconds(
        _ buckets: [TimelineBucket], from first: Int, through last: Int, phase: String, operations: [OperationKind], startMillis: Int64,
        endMillis: Int64? = nil
    ) -> [WriteRequest.Series] {
        var totals = self.totals[phase] ?? Totals()
        var out: [String: WriteRequest.Series] = [:]
        func add(_ labels: [String: String], _ value: Double, _ millis: Int64) {
            let key = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            out[key, default: WriteRequest.Series(labels: labels, samples: [])].samples.append((value, millis))
        }
        let bySecond = Dictionary(buckets.map { ($0.second, $0) }, uniquingKeysWith: { a, _ in a })
        guard first <= last else { return [] }
        for second in first...last {
            var millis = startMillis + Int64(second + 1) * 1000
            if second == last, let endMillis { millis = min(millis, endMillis) }
            guard millis > totals.lastMillis else { continue }
            totals.lastMillis = millis
            let bucket = bySecond[second] ?? TimelineBucket(second: second)
            for kind in Set(operations).union(bucket.operations.keys).sorted(by: { $0.rawValue < $1.rawValue }) {
                let detail = bucket.operations[kind] ?? TimelineBucket.Operation()
                totals.requests[kind, default: 0] += detail.requests
                totals.errors[kind, default: 0] += detail.errors
                let operation = ["operation": kind.rawValue]
                add(labels("traceload_requests_total", phase: phase, operation), Double(totals.requests[kind]!), millis)
                add(labels("traceload_request_errors_total", phase: phase, operation), Double(totals.errors[kind]!), millis)
                guard detail.histogram.totalCount > 0 else { continue }
                for (label, percentile) in Self.quantiles {
                    let seconds = Double(detail.histogram.valueAtPercentile(percentile)) / 1e6
                    add(labels("traceload_request_duration_seconds", phase: phase, ["quantile": label, "operation": kind.rawValue]), seconds, millis)
                }
            }
            if bucket.histogram.totalCount > 0 {
                for (label, percentile) in Self.quantiles {
                    let seconds = Double(bucket.histogram.valueAtPercentile(percentile)) / 1e6
                    add(labels("traceload_phase_request_duration_seconds", phase: phase, ["quantile": label]), seconds, millis)
                }
            }
            totals.sampled += bucket.sampled
            add(labels("traceload_traces_sampled_total", phase: phase), Double(totals.sampled), millis)
        }
        self.totals[phase] = totals
        return out.values.sorted { $0.labels.description < $1.labels.description }
    }

    /// Requests in flight at `millis`.
    package func inFlight(_ count: Int, phase: String, at millis: Int64) -> WriteRequest.Series {
        WriteRequest.Series(labels: labels("traceload_requests_in_flight", phase: phase), samples: [(Double(count), millis)])
    }

    /// Sampled requests found joined to Milvus's spans once the phase's spans were collected.
    package mutating func joined(_ count: Int, phase: String, at millis: Int64) -> WriteRequest.Series {
        var totals = self.totals[phase] ?? Totals()
        totals.joined += count
        self.totals[phase] = totals
        return WriteRequest.Series(
            labels: labels("traceload_traces_joined_total", phase: phase), samples: [(Double(totals.joined), millis)])
    }
}
