import Analysis

/// Where the time of one operation of one phase went, as run.json keeps it (the correlation's
/// result in this module's own types; see `Correlation`).
package struct BreakdownRecord: Codable, Sendable {
    package struct Coverage: Codable, Sendable, Equatable {
        package var sampled: Int
        package var joined: Int
        package var serverSpans: Int
        /// Joined traces that lack none of the spans their siblings usually have.
        package var complete: Int?
        package var missing: [MissingSpan]?
        /// Why sampled requests found no server spans.
        package var diagnosis: String?
        /// What the incomplete traces lack and where its time shows instead, in words.
        package var completeness: String?

        package var spansPerRequest: Double { joined > 0 ? Double(serverSpans) / Double(joined) : 0 }
        package var fraction: Double { sampled > 0 ? Double(joined) / Double(sampled) : 0 }
        package var incomplete: Int { complete.map { joined - $0 } ?? 0 }
    }

    package struct MissingSpan: Codable, Sendable, Equatable {
        package var name: String
        package var component: String
        package var parent: String?
        package var lacking: Int
        package var present: Int
    }

    package struct ComponentRow: Codable, Sendable, Equatable {
        package var phase: String
        package var operation: String
        package var component: String
        package var requests: Int
        package var p50Ms, p90Ms, p99Ms, meanMs: Double
        package var shareOfMean: Double
        /// The untraced part of `meanMs` (nil for client+wire and network hops).
        package var uncoveredMs: Double?
    }

    package struct UntracedRow: Codable, Sendable, Equatable {
        package var span: String
        package var component: String
        package var requests: Int
        package var meanMs: Double
        package var p99Ms: Double
        package var shareOfLatency: Double
    }

    package struct TailRow: Codable, Sendable, Equatable {
        package var component: String
        package var medianRequestMs: Double
        package var slowestRequestsMs: Double
        package var medianUntracedMs: Double?
        package var slowestUntracedMs: Double?
        /// How many requests the slowest 1% and the median group are (nil in older runs).
        package var slowestCount: Int?
        package var medianCount: Int?
    }

    package struct TreeLine: Codable, Sendable, Equatable {
        package var depth: Int
        package var name: String
        package var service: String
        package var component: String
        package var durationMs: Double
        package var startOffsetMs: Double
    }

    package var phase: String
    package var operation: String
    package var coverage: Coverage
    package var components: [ComponentRow]
    package var completeComponents: [ComponentRow]?
    package var untraced: [UntracedRow]?
    package var tail: [TailRow]
    package var slowestRequestMs: Double
    package var slowestTrace: [TreeLine]
    package var maxSumErrorPercent: Double

    /// Mean client latency of the joined requests (ms).
    package var meanLatencyMs: Double { components.reduce(0) { $0 + $1.meanMs } }

    /// The component that is the client and the wire: the client span minus the server's root.
    package static let clientAndWire = "client+wire"
}

extension BreakdownRecord {
    package init(_ b: OperationBreakdown) {
        phase = b.phase
        operation = b.operation
        coverage = Coverage(
            sampled: b.coverage.sampled, joined: b.coverage.joined, serverSpans: b.coverage.serverSpans,
            complete: b.coverage.complete,
            missing: b.coverage.missing?.map {
                MissingSpan(
                    name: $0.name, component: $0.component, parent: $0.parent, lacking: $0.lacking,
                    present: $0.present)
            }, diagnosis: b.coverage.diagnosis, completeness: b.coverage.completeness)
        components = b.components.map(ComponentRow.init)
        completeComponents = b.completeComponents?.map(ComponentRow.init)
        untraced = b.untraced?.map {
            UntracedRow(
                span: $0.span, component: $0.component, requests: $0.requests, meanMs: $0.meanMs, p99Ms: $0.p99Ms,
                shareOfLatency: $0.shareOfLatency)
        }
        tail = b.tail.map {
            TailRow(
                component: $0.component, medianRequestMs: $0.medianRequestMs, slowestRequestsMs: $0.slowestRequestsMs,
                medianUntracedMs: $0.medianUntracedMs, slowestUntracedMs: $0.slowestUntracedMs,
                slowestCount: $0.slowestCount, medianCount: $0.medianCount)
        }
        slowestRequestMs = b.slowestRequestMs
        slowestTrace = b.slowestTrace.map {
            TreeLine(
                depth: $0.depth, name: $0.name, service: $0.service, component: $0.component,
                durationMs: $0.durationMs, startOffsetMs: $0.startOffsetMs)
        }
        maxSumErrorPercent = b.maxSumErrorPercent
    }
}

extension BreakdownRecord.ComponentRow {
    init(_ row: Analysis.ComponentRow) {
        self.init(
            phase: row.phase, operation: row.operation, component: row.component, requests: row.requests,
            p50Ms: row.p50Ms, p90Ms: row.p90Ms, p99Ms: row.p99Ms, meanMs: row.meanMs, shareOfMean: row.shareOfMean,
            uncoveredMs: row.uncoveredMs)
    }
}
