import Analysis
import Foundation
import Results
import Scenario
import Traces

/// `analyze --listen`: traceload as the tracing backend of traffic it does not generate. The
/// application's exporter and Milvus's both send OTLP here; when the command stops it (Ctrl-C,
/// or after `--for`) the spans of the traces seen so far are given a quiet period to complete
/// (Milvus's exporters batch every 5 s; a second stop skips it), then analysed like a trace file.
package struct TrafficCapture: Sendable {
    package var host: String
    package var grpcPort: Int
    package var httpPort: Int
    package var forwardTo: String?
    package var every: Double
    package var maxSpans: Int
    package var clientService: String?

    package init(
        host: String, grpcPort: Int, httpPort: Int, forwardTo: String?, every: Double, maxSpans: Int,
        clientService: String?
    ) {
        self.host = host
        self.grpcPort = grpcPort
        self.httpPort = httpPort
        self.forwardTo = forwardTo
        self.every = every
        self.maxSpans = maxSpans
        self.clientService = clientService
    }

    package struct Capture: Sendable {
        package var spans: [Span]
        package var counts: ReceiverCounts
        package var seconds: Double
        package var endpoints: String
        package var traces: Int
        package var lateTraces: Int
    }

    /// Receives until `control` is stopped; the late-span wait ends at the second stop.
    package func capture(
        control: RunControl, observer: @escaping EngineObserver, listening: @Sendable (Int, Int) -> Void
    ) async throws -> Capture {
        let collector = SpanCollector(capacity: maxSpans, keepsAll: true)
        let receiver = try OTLPReceiver(
            collector: collector, host: host, port: grpcPort, forwardTo: forwardTo.flatMap(parseHostPort))
        let serving = Task { try await receiver.run() }
        let boundGRPC: Int
        let http: OTLPHTTPReceiver
        do {
            boundGRPC = try await receiver.boundPort()
            http = try OTLPHTTPReceiver(
                collector: collector, host: host, port: httpPort,
                forward: receiver.httpForward)
        } catch {
            receiver.stop()
            _ = await serving.result
            throw EngineError("cannot listen on \(host):\(grpcPort) (gRPC) and \(host):\(httpPort) (HTTP): \(error)")
        }
        let endpoints = "\(host):\(boundGRPC) (OTLP/gRPC) and http://\(host):\(http.port)/v1/traces (OTLP/HTTP)"
        observer(.log("listening on \(endpoints)" + (forwardTo.map { ", forwarding to \($0)" } ?? "")))
        listening(boundGRPC, http.port)
        let started = Date()
        let live = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(every))
                if Task.isCancelled { break }
                observer(.log(liveLine(collector, since: started)))
            }
        }
        await control.stop.wait()
        live.cancel()
        let seconds = Date().timeIntervalSince(started)
        let known = collector.traceIDs()
        if !known.isEmpty {
            observer(
                .log(
                    "stopped after \(String(format: "%.1f", seconds)) s; waiting for the late spans of \(known.count) traces (quiet \(SpanCollector.defaultQuiet), Ctrl-C again to skip)"
                ))
            _ = await TraceSession.unlessHurried(control) {
                await collector.settle(traceIDs: known, limit: .seconds(30))
            }
        }
        http.stop()
        receiver.stop()
        _ = await serving.result
        // Traces that began after the stop are left out: their requests were not waited for.
        let spans = Array(collector.spans(of: known).values.joined())
        let counts = collector.counts
        return Capture(
            spans: spans,
            counts: ReceiverCounts(
                received: counts.received, kept: counts.kept, foreign: counts.foreign, dropped: counts.dropped,
                malformed: counts.malformed, foreignRoots: counts.foreignRoots),
            seconds: seconds, endpoints: endpoints,
            traces: known.count, lateTraces: collector.traceIDs().count - known.count)
    }

    /// The most traces a live line reads. It comes every few seconds and must cost as little at the
    /// end of a long capture of heavy traffic as at its start: reading every trace held took 8 s of
    /// CPU at a million spans (as long as a receiver that keeps up needs for 500,000 more) and a copy
    /// of them all. The report at the end reads every trace.
    static let liveTraces = 5_000

    /// Requests per operation so far, how many joined Milvus's spans, and the top components; past
    /// `liveTraces` traces, of a sample of them (the collector's table order, not arrival order).
    func liveLine(_ collector: SpanCollector, since started: Date) -> String {
        let (sample, held) = collector.sample(traces: Self.liveTraces)
        let spans = Array(sample.values.joined())
        let counts = collector.counts
        var line =
            "[\(Int(Date().timeIntervalSince(started))) s] \(counts.received) spans"
            + (counts.dropped > 0 ? " (\(counts.dropped) dropped: over --max-spans)" : "")
            + (counts.malformed > 0 ? " (\(counts.malformed) malformed)" : "")
            + (held > sample.count ? " in \(held) traces; per operation in \(sample.count) of them" : "")
        let service = clientService ?? ClientTraffic.detectClientService(in: spans)
        let traffic =
            service.map { ClientTraffic.requests(in: spans, clientService: $0) }
            ?? ClientTraffic.serverRootRequests(in: spans)
        let breakdowns = Correlation.record(traffic, source: "", map: .milvusDefaults).breakdowns
        for breakdown in breakdowns.sorted(by: { $0.coverage.sampled > $1.coverage.sampled }).prefix(4) {
            let top = breakdown.components.sorted { $0.shareOfMean > $1.shareOfMean }.prefix(3)
                .map { "\($0.component) \(Int(($0.shareOfMean * 100).rounded()))%" }.joined(separator: ", ")
            line +=
                " · \(breakdown.operation): \(breakdown.coverage.sampled) requests, \(breakdown.coverage.joined) joined"
            if !top.isEmpty { line += " (\(top))" }
        }
        if breakdowns.isEmpty && counts.received > 0 { line += " · no requests yet" }
        return line
    }
}
