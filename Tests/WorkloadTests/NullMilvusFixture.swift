import MilvusClient
import NullMilvus
import Scenario
import Synchronization
import TraceContext
import Workload

/// A null Milvus in this process that counts what it receives, and a client connected to it: the
/// phase runner's tests drive real requests over the real wire, and read the server's side.
struct NullMilvusFixture {
    let client: MilvusClient
    /// What the server received: requests by method, their `traceparent`, the most at once.
    let tally: NullMilvusTally

    /// Runs `body` with a null Milvus (searches answered after `searchLatency`; the methods in
    /// `failing` answered with a Milvus error carrying the reason) and a client for `workers`.
    static func serving<T>(
        searchLatency: Duration? = nil, failing: [String: String] = [:], workers: Int,
        _ body: (NullMilvusFixture) async throws -> T
    ) async throws -> T {
        let tally = NullMilvusTally()
        let server = NullMilvusServer(port: 0, searchLatency: searchLatency, failing: failing, tally: tally)
        let serving = Task { try await server.run() }
        defer {
            server.stop()
            serving.cancel()
        }
        let endpoint = MilvusEndpoint(host: "127.0.0.1", port: try await server.boundPort(), requestTimeoutSeconds: 60)
        let client = try await MilvusClient.connect(endpoint, workers: workers)
        defer { client.close() }
        return try await body(NullMilvusFixture(client: client, tally: tally))
    }

    /// Runs `phase` as the engine would (phase 0, a fixed seed) against this server.
    func run(
        _ phase: Phase, tracer: (any RequestTracer)? = nil, sampleFraction: Double = 0, stop: StopSignal = StopSignal(),
        stopOnError: Bool = false
    ) async -> PhaseResult {
        let runner = PhaseRunner(client: client, tracer: tracer, stop: stop, seed: 11, stopOnError: stopOnError)
        let factory = RequestFactory(collection: CollectionSpec(name: "c", dim: 8), dataset: DatasetSpec(), stream: 1)
        return await runner.run(phase, index: 0, factory: factory, sampleFraction: sampleFraction, live: LiveTimeline())
    }

    /// Requests the server received for `method` (`Search`, `Insert`, `Query`).
    func received(_ method: String) -> NullMilvusTally.Method { tally.methods[method] ?? .init() }
}

/// A tracer that hands out numbered traces and counts the spans started and ended.
final class CountingTracer: RequestTracer {
    private let counts = Mutex<(started: [TraceID], ended: Int)>(([], 0))

    func start(method: String) -> TracedRequest {
        let traceID = counts.withLock { counts in
            let id = TraceID(high: 0x7ace, low: UInt64(counts.started.count + 1))
            counts.started.append(id)
            return id
        }
        let spanID = traceID.low
        return TracedRequest(
            traceparent: Traceparent.header(traceID: traceID, spanID: spanID, sampled: true), traceID: traceID,
            spanID: spanID, end: { _, _, _ in self.counts.withLock { $0.ended += 1 } })
    }

    var started: [TraceID] { counts.withLock { $0.started } }
    var ended: Int { counts.withLock { $0.ended } }
}
