import TestFixtures
import Testing
import TraceContext

@testable import Analysis
@testable import Traces

/// An open loop's request that waited behind its schedule: the wait from its intended start to
/// its send is a component of its own, `client queue`, so that its components add up to the
/// latency the latency table reports (from the intended start), and the rest is as if it had
/// been sent on time.
@Suite struct ClientQueueTests {
    @Test func theWaitBeforeTheSendIsItsOwnComponent() throws {
        let (traceID, trace) = try #require(BreakdownTests.searchTraces.first)
        let client = try #require(trace.first { $0.name == "/milvus.proto.milvus.MilvusService/Search" })
        func attribute(queued: UInt64) throws -> Attribution {
            let request = ClientRequest(
                phase: "p", operation: "Search", traceID: traceID, spanID: client.spanID,
                latencyNanos: client.durationNanos + queued, queuedNanos: queued)
            return try #require(
                Attributor.attribute(request, trace: trace, clientService: "milvus-client", map: .milvusDefaults))
        }
        let onTime = try attribute(queued: 0)
        let behind = try attribute(queued: 7_000_000)
        #expect(onTime.components[Attribution.clientQueue] == nil)
        #expect(behind.components[Attribution.clientQueue] == 7_000_000)
        #expect(behind.total == client.durationNanos + 7_000_000)
        var rest = behind.components
        rest[Attribution.clientQueue] = nil
        #expect(rest == onTime.components)
    }

    /// Over an operation: the component comes first, its share the wait over the whole latency.
    @Test func theBreakdownListsItFirstAndItsSharesStillAddUp() throws {
        let (traceID, trace) = try #require(BreakdownTests.searchTraces.first)
        let client = try #require(trace.first { $0.name == "/milvus.proto.milvus.MilvusService/Search" })
        let queued = client.durationNanos  // as long again as the request itself: half the latency
        let request = ClientRequest(
            phase: "p", operation: "Search", traceID: traceID, spanID: client.spanID,
            latencyNanos: client.durationNanos + queued, queuedNanos: queued)
        let attribution = try #require(
            Attributor.attribute(request, trace: trace, clientService: "milvus-client", map: .milvusDefaults))
        let rows = Breakdown.componentRows(phase: "p", operation: "Search", attributions: [attribution])
        #expect(rows.first?.component == Attribution.clientQueue && rows.first?.uncoveredMs == nil)
        #expect(abs((rows.first?.shareOfMean ?? 0) - 0.5) < 1e-9)
        #expect(abs(rows.reduce(0) { $0 + $1.shareOfMean } - 1) < 1e-9)
    }
}
