import Analysis

/// The tracing part of a run: per operation, coverage and time per component (Analysis's
/// breakdowns as they are, so that the record and the analysis cannot drift apart).
package struct TracingRecord: Codable, Sendable {
    /// Where the server spans came from, e.g. "embedded OTLP receiver at 127.0.0.1:4317".
    package var source: String
    package var clientService: String
    package var serverSampleFraction: Double?
    package var breakdowns: [OperationBreakdown]
    package var receiver: ReceiverCounts?
    package var clientSpansDropped: Int

    package init(
        source: String, clientService: String, serverSampleFraction: Double?, breakdowns: [OperationBreakdown],
        receiver: ReceiverCounts?, clientSpansDropped: Int
    ) {
        self.source = source
        self.clientService = clientService
        self.serverSampleFraction = serverSampleFraction
        self.breakdowns = breakdowns
        self.receiver = receiver
        self.clientSpansDropped = clientSpansDropped
    }
}
