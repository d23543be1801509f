import Analysis

/// The tracing part of a run: per operation, coverage and time per component.
public struct TracingRecord: Codable, Sendable {
    /// Where the server spans came from, e.g. "embedded OTLP receiver at 127.0.0.1:4317".
    public var source: String
    public var clientService: String
    public var serverSampleFraction: Double?
    public var breakdowns: [OperationBreakdown]
    public var receiver: ReceiverCounts?
    public var clientSpansDropped: Int
    public var componentMap: ComponentMap

    public init(
        source: String, clientService: String, serverSampleFraction: Double?, breakdowns: [OperationBreakdown],
        receiver: ReceiverCounts?, clientSpansDropped: Int, componentMap: ComponentMap
    ) {
        self.source = source
        self.clientService = clientService
        self.serverSampleFraction = serverSampleFraction
        self.breakdowns = breakdowns
        self.receiver = receiver
        self.clientSpansDropped = clientSpansDropped
        self.componentMap = componentMap
    }
}
