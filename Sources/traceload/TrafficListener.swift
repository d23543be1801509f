import Analysis
import Dispatch
import Foundation
import Report
import Results
import Traces

/// `analyze --listen`: traceload as the tracing backend of traffic it does not generate. The
/// application's exporter and Milvus's both send OTLP here; on Ctrl-C (or after `--for`) the spans
/// of the traces seen so far are given a quiet period to complete (Milvus's exporters batch every
/// 5 s), then analysed like a trace file.
struct TrafficListener {
    var host: String
    var grpcPort: Int
    var httpPort: Int
    var forwardTo: (host: String, port: Int)?
    var duration: Double?
    var every: Double
    var maxSpans: Int
    var clientService: String?

    struct Capture {
        var spans: [Span]
        var counts: SpanCollector.Counts
        var seconds: Double
        var endpoints: String
        var traces: Int
        var lateTraces: Int
    }

    func capture() async throws -> Capture {
        let collector = SpanCollector(capacity: maxSpans, keepsAll: true)
        let receiver = try OTLPReceiver(collector: collector, host: host, port: grpcPort, forwardTo: forwardTo)
        let serving = Task { try await receiver.run() }
        let boundGRPC: Int
        let http: OTLPHTTPReceiver
        do {
            boundGRPC = try await receiver.boundPort()
            http = try OTLPHTTPReceiver(collector: collector, host: host, port: httpPort)
        } catch {
            receiver.stop()
            _ = await serving.result
            throw ListenError(
                message: "cannot listen on \(host):\(grpcPort) (gRPC) and \(host):\(httpPort) (HTTP): \(error)")
        }
        let endpoints = "\(host):\(boundGRPC) (OTLP/gRPC) and http://\(host):\(http.port)/v1/traces (OTLP/HTTP)"
        printError(
            "traceload: listening on \(endpoints)"
                + (forwardTo.map { ", forwarding OTLP/gRPC to \($0.host):\($0.port)" } ?? ""))
        printError(
            "traceload: point the application's and Milvus's OTLP exporters here; "
                + (duration.map { "listening for \(fixed($0, 0)) s (Ctrl-C ends it sooner)" }
                    ?? "Ctrl-C ends the capture and writes the report"))
        // Parsable by scripts and tests, like `traceload receive`.
        printLine(#"{"grpcPort":\#(boundGRPC),"httpPort":\#(http.port)}"#)

        let signals = SignalStream()
        let started = Date()
        let live = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(every))
                if Task.isCancelled { break }
                printError(liveLine(collector, since: started))
            }
        }
        await signals.next(orAfter: duration)
        live.cancel()
        let seconds = Date().timeIntervalSince(started)
        let known = collector.traceIDs()
        if !known.isEmpty {
            printError(
                "traceload: stopped after \(fixed(seconds, 1)) s; waiting for the late spans of \(known.count) traces (quiet \(SpanCollector.defaultQuiet), Ctrl-C again to skip)"
            )
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await collector.settle(traceIDs: known, limit: .seconds(30)) }
                group.addTask { await signals.next(orAfter: nil) }
                await group.next()
                group.cancelAll()
            }
        }
        signals.finish()
        http.stop()
        receiver.stop()
        _ = await serving.result
        // Traces that began after the stop are left out: their requests were not waited for.
        let spans = Array(collector.spans(of: known).values.joined())
        return Capture(
            spans: spans, counts: collector.counts, seconds: seconds, endpoints: endpoints,
            traces: known.count, lateTraces: collector.traceIDs().count - known.count)
    }

    /// Requests per operation so far, how many joined Milvus's spans, and the top components.
    func liveLine(_ collector: SpanCollector, since started: Date) -> String {
        let spans = Array(collector.spans(of: collector.traceIDs()).values.joined())
        let counts = collector.counts
        var line =
            "[\(fixed(Date().timeIntervalSince(started), 0)) s] \(counts.received) spans"
            + (counts.dropped > 0 ? " (\(counts.dropped) dropped: over --max-spans)" : "")
        let service = clientService ?? ClientTraffic.detectClientService(in: spans)
        let analysis =
            service.map { ClientTraffic.analyse(spans: spans, clientService: $0, map: .milvusDefaults) }
            ?? ClientTraffic.analyseServerRoots(spans: spans, map: .milvusDefaults)
        for breakdown in analysis.breakdowns.sorted(by: { $0.coverage.sampled > $1.coverage.sampled }).prefix(4) {
            let top = breakdown.components.sorted { $0.shareOfMean > $1.shareOfMean }.prefix(3)
                .map { "\($0.component) \(fixed($0.shareOfMean * 100, 0))%" }.joined(separator: ", ")
            line +=
                " · \(breakdown.operation): \(breakdown.coverage.sampled) requests, \(breakdown.coverage.joined) joined"
            if !top.isEmpty { line += " (\(top))" }
        }
        if analysis.breakdowns.isEmpty && counts.received > 0 { line += " · no requests yet" }
        return line
    }
}

struct ListenError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
