/// Client-side tracing as the workload sees it: a span for each sampled request. Implemented by
/// the Telemetry module; the workload makes the sampling decision itself (see `PhaseRunner`).
package protocol RequestTracer: Sendable {
    /// Starts the client span of a sampled request to the gRPC method `method` of
    /// `milvus.proto.milvus.MilvusService` (`Search`, `Insert`, `Query`).
    func start(method: String) -> TracedRequest
}
