import Testing

@testable import MetricsOut

/// The OTLP encoding walked field by field as opentelemetry-proto numbers them (metrics v1);
/// OpenTelemetry's own Python decoder reads it in the integration tests.
@Suite struct OTLPMetricsRequestTests {
    typealias Field = ProtobufReader.Field

    static func only(_ field: Int, in bytes: [UInt8]) throws -> [UInt8] {
        let matching = ProtobufReader.fields(bytes).filter { $0.field == field }
        #expect(matching.count == 1, "field \(field): \(matching.count) times")
        return try #require(matching.first?.bytes)
    }

    static func all(_ field: Int, in bytes: [UInt8]) -> [[UInt8]] {
        ProtobufReader.fields(bytes).filter { $0.field == field }.compactMap(\.bytes)
    }

    static func string(_ field: Int, in bytes: [UInt8]) -> String? {
        ProtobufReader.fields(bytes).first { $0.field == field }?.bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// `KeyValue` list → dictionary of string values.
    static func attributes(_ field: Int, in bytes: [UInt8]) throws -> [String: String] {
        var out: [String: String] = [:]
        for pair in all(field, in: bytes) {
            let key = try #require(string(1, in: pair))
            out[key] = string(1, in: try only(2, in: pair))
        }
        return out
    }

    @Test func countersAreCumulativeMonotonicSumsAndQuantilesGauges() throws {
        let request = OTLPMetricsRequest(
            series: [
                .init(
                    labels: ["__name__": "traceload_requests_total", "run": "r", "phase": "p", "operation": "search"],
                    samples: [(3, 2_000), (7, 3_000)]),
                .init(
                    labels: ["__name__": "traceload_request_duration_seconds", "run": "r", "phase": "p", "quantile": "0.99"],
                    samples: [(0.0125, 2_000)]),
            ],
            startNanos: 1_000_000_000, resource: [("service.name", "traceload")])
        let resourceMetrics = try Self.only(1, in: request.serialized())
        #expect(try Self.attributes(1, in: try Self.only(1, in: resourceMetrics)) == ["service.name": "traceload"])
        let scopeMetrics = try Self.only(2, in: resourceMetrics)
        #expect(Self.string(1, in: try Self.only(1, in: scopeMetrics)) == "traceload")
        let metrics = Self.all(2, in: scopeMetrics)
        #expect(metrics.map { Self.string(1, in: $0) } == ["traceload.request.duration", "traceload.requests"])

        // The latency quantile: a gauge (field 5) in seconds, its point stamped and unstarted.
        let duration = metrics[0]
        #expect(Self.string(3, in: duration) == "s")
        let gaugePoint = try Self.only(1, in: try Self.only(5, in: duration))
        let gaugeFields = ProtobufReader.fields(gaugePoint)
        #expect(!gaugeFields.contains { $0.field == 2 })
        #expect(gaugeFields.first { $0.field == 3 }?.fixed64 == 2_000_000_000)
        #expect(gaugeFields.first { $0.field == 4 }?.fixed64.map(Double.init(bitPattern:)) == 0.0125)
        #expect(try Self.attributes(7, in: gaugePoint) == ["run": "r", "phase": "p", "quantile": "0.99"])

        // The counter: a sum (field 7), cumulative (2) and monotonic, each point counted from the start.
        let requests = metrics[1]
        #expect(Self.string(3, in: requests) == "{request}")
        #expect(Self.string(2, in: requests)?.isEmpty == false)
        let sum = try Self.only(7, in: requests)
        let sumFields = ProtobufReader.fields(sum)
        #expect(sumFields.first { $0.field == 2 }?.varint == 2)
        #expect(sumFields.first { $0.field == 3 }?.varint == 1)
        let points = Self.all(1, in: sum).map(ProtobufReader.fields)
        #expect(points.map { $0.first { $0.field == 2 }?.fixed64 } == [1_000_000_000, 1_000_000_000])
        #expect(points.map { $0.first { $0.field == 3 }?.fixed64 } == [2_000_000_000, 3_000_000_000])
        #expect(points.map { $0.first { $0.field == 4 }?.fixed64.map(Double.init(bitPattern:)) } == [3, 7])
    }

    @Test func everyRunSeriesHasAnInstrument() {
        #expect(Set(RunSeries.metadata.map(\.name)) == Set(RunSeries.instruments.keys))
        #expect(RunSeries.instruments.values.filter(\.isSum).map(\.name).sorted() == [
            "traceload.request.errors", "traceload.requests", "traceload.traces.joined", "traceload.traces.sampled",
        ])
    }

    @Test func aPartialSuccessNamesTheRejectedPoints() {
        var partial: [UInt8] = []
        ProtobufWriter.appendVarintField(1, 4, to: &partial)
        ProtobufWriter.appendString(2, "out of order", to: &partial)
        var answer: [UInt8] = []
        ProtobufWriter.appendMessage(1, partial, to: &answer)
        #expect(OTLPMetricsRequest.rejected(in: answer)?.points == 4)
        #expect(OTLPMetricsRequest.rejected(in: answer)?.message == "out of order")
        #expect(OTLPMetricsRequest.rejected(in: []) == nil)
        // An empty partial success refuses nothing.
        var empty: [UInt8] = []
        ProtobufWriter.appendMessage(1, [], to: &empty)
        #expect(OTLPMetricsRequest.rejected(in: empty) == nil)
    }
}
