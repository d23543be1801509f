import Foundation
import TraceContext

/// A store that answers for a trace by its id and searches a time window: Jaeger's query API,
/// or Grafana Tempo's. Spans reach a store seconds after a request, so `collect` fetches in
/// rounds with backoff until each trace has server spans and has stopped growing, or a deadline
/// passes.
package protocol TraceStore: Sendable {
    /// "Jaeger at http://...", for the report.
    var description: String { get }
    /// Traces fetched at once.
    var concurrency: Int { get }
    /// The store ready to fetch (an API version found out once, not per trace).
    func prepared() async -> Self
    func fetch(_ id: TraceID) async -> TraceFetch
    /// The traces with spans of `service` between `start` and `end`, whole.
    func search(service: String, start: Date, end: Date, limit: Int) async throws -> [Span]
}

/// One trace asked for.
package enum TraceFetch: Sendable {
    case found([Span])
    case notFound
    case failed(String)
}

/// What a collection found, and what it did not.
package struct TraceCollection: Sendable {
    package var traces: [TraceID: [Span]] = [:]
    /// Trace ids still without server spans when the deadline passed.
    package var missing: [TraceID] = []
    package var problems: [String] = []
}

extension TraceStore {
    /// Fetches `traceIDs` until each has server spans and has not grown for `quiet` (Milvus's
    /// exporters batch every 5 s, segcore's apart from the Go one, and a store keeps spans as they
    /// come: a trace with its first server spans may still grow), or `deadline` passes.
    package func collect(
        traceIDs: [TraceID], clientService: String, deadline: Duration = .seconds(30),
        quiet: Duration = SpanCollector.defaultQuiet
    ) async -> TraceCollection {
        let store = await prepared()
        var result = TraceCollection()
        var pending = Set(traceIDs)
        var lastCounts: [TraceID: Int] = [:]
        var lastChange: [TraceID: ContinuousClock.Instant] = [:]
        var failures: [String: Int] = [:]
        let clock = ContinuousClock()
        let start = clock.now
        var pause = Duration.milliseconds(500)
        while !pending.isEmpty && clock.now - start < deadline && !Task.isCancelled {
            let answers = await store.fetchAll(Array(pending))
            let now = clock.now
            for (id, answer) in answers {
                switch answer {
                case .found(let spans):
                    result.traces[id] = spans
                    if lastCounts[id] != spans.count {
                        lastCounts[id] = spans.count
                        lastChange[id] = now
                    }
                    let hasServer = spans.contains { $0.service != clientService }
                    if hasServer, let changed = lastChange[id], now - changed >= quiet { pending.remove(id) }
                case .notFound:
                    break
                case .failed(let message):
                    failures[message, default: 0] += 1
                }
            }
            if pending.isEmpty { break }
            let settling = pending.contains { lastCounts[$0] != nil }
            let remaining = deadline - (clock.now - start)
            guard remaining > .zero else { break }
            try? await Task.sleep(for: min(settling ? min(quiet / 4, .seconds(1)) : pause, remaining))
            pause = min(pause * 1.6, .seconds(4))
        }
        result.missing = traceIDs.filter { result.traces[$0]?.contains { $0.service != clientService } != true }
            .sorted()
        result.problems = failures.sorted { $0.value > $1.value }.map { "\($0.key) (×\($0.value))" }
        return result
    }

    /// `concurrency` traces at a time.
    func fetchAll(_ ids: [TraceID]) async -> [(TraceID, TraceFetch)] {
        await withTaskGroup(of: (TraceID, TraceFetch).self) { group in
            var results: [(TraceID, TraceFetch)] = []
            var iterator = ids.makeIterator()
            for _ in 0..<min(concurrency, ids.count) {
                if let id = iterator.next() { group.addTask { (id, await fetch(id)) } }
            }
            for await result in group {
                results.append(result)
                if let id = iterator.next() { group.addTask { (id, await fetch(id)) } }
            }
            return results
        }
    }
}
