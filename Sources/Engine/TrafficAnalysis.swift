import Analysis
import Foundation
import Results
import TraceContext
import Traces

/// Traffic traceload did not generate (`analyze`): spans read from a file or a Jaeger, or
/// received live, made into requests and correlated like a run's.
package enum TrafficAnalysis {
    package struct Result: Sendable {
        package var tracing: TracingRecord
        /// Spans read or received (the spans themselves are let go once the traces are gathered).
        package var spanCount: Int
        package var problems: [String]
        /// Client spans that became the requests (0: Milvus's own roots did).
        package var clientSpans: Int
        /// Server spans outside the requests' traces (Milvus's own work).
        package var foreignSpans: Int
    }

    package enum Failure: Error, CustomStringConvertible {
        /// Spans were read, but none is a request (the message says what was there).
        case noRequests(String)
        case unreadable(String)

        package var description: String {
            switch self {
            case .noRequests(let message), .unreadable(let message): message
            }
        }
    }

    /// The client spans of `clientService` (or of the service that calls Milvus; without any,
    /// Milvus's own root spans) as the requests.
    package static func analyse(
        _ spans: consuming [Span], clientService: String?, source: String, label: String, problems: [String]
    ) throws(Failure) -> Result {
        let count = spans.count
        let service = clientService ?? ClientTraffic.detectClientService(in: spans)
        let traffic: ClientTraffic.Requests
        if let service {
            traffic = ClientTraffic.requests(in: spans, clientService: service)
            guard traffic.clientSpans > 0 else {
                throw .noRequests(
                    "no client spans of service '\(service)' in \(source) (services there: \(services(in: spans))); set --client-service"
                )
            }
        } else {
            traffic = ClientTraffic.serverRootRequests(in: spans)
            guard !traffic.requests.isEmpty else {
                throw .noRequests(
                    "\(source) holds neither client spans calling Milvus nor Milvus's own request spans (services there: \(services(in: spans)))"
                )
            }
        }
        // The requests' traces hold what correlation needs: the rest need not stay for it.
        _ = consume spans
        return Result(
            tracing: Correlation.record(traffic, source: label, map: .milvusDefaults), spanCount: count,
            problems: problems, clientSpans: traffic.clientSpans, foreignSpans: traffic.evidence.foreignSpans)
    }

    /// The services of `spans`, for a message.
    static func services(in spans: [Span]) -> String {
        let names = Set(spans.map(\.service)).sorted().joined(separator: ", ")
        return names.isEmpty ? "none" : names
    }

    /// An OTLP JSON or Jaeger JSON file.
    package static func file(_ path: String, clientService: String?) throws(Failure) -> Result {
        var read: OTLPJSON.Result
        do { read = try TraceFile.read(path) } catch { throw .unreadable("\(error)") }
        let spans = read.spans
        read.spans = []
        return try analyse(
            consume spans, clientService: clientService, source: path, label: "trace file \(path)",
            problems: read.problems)
    }

    /// What `analyze --traces` names: `http(s)://...` a Jaeger, `tempo+http(s)://...` a Tempo,
    /// anything else a file.
    package enum Source: Sendable, Equatable {
        case jaeger(String)
        case tempo(String)
        case file(String)

        package init(_ traces: String) {
            if traces.hasPrefix("tempo+http://") || traces.hasPrefix("tempo+https://") {
                self = .tempo(String(traces.dropFirst("tempo+".count)))
            } else if traces.hasPrefix("http://") || traces.hasPrefix("https://") {
                self = .jaeger(traces)
            } else {
                self = .file(traces)
            }
        }

        package var isStore: Bool {
            if case .file = self { return false }
            return true
        }

        /// What the report's folder is named after: the store's kind, or the file's name.
        package var name: String {
            switch self {
            case .jaeger: "jaeger"
            case .tempo: "tempo"
            case .file(let path): URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            }
        }
    }

    /// The Jaeger or Tempo behind `traces`; nil for a file.
    package static func store(_ traces: String, authorization: String?, tenant: String?) -> (any TraceStore)? {
        switch Source(traces) {
        case .tempo(let url): TempoSource(baseURL: url, authorization: authorization, tenant: tenant)
        case .jaeger(let url): JaegerSource(baseURL: url, authorization: authorization)
        case .file: nil
        }
    }

    /// A trace store (Jaeger or Tempo): the traces of `ids`, or a search of the client's service
    /// over a time window.
    package static func store(
        _ url: String, authorization: String?, tenant: String?, clientService: String?, ids texts: [String],
        since: Date?, until: Date?
    ) async throws -> Result {
        let ids = try texts.map { text throws(Failure) -> TraceID in
            guard let id = TraceID(hex: text) else {
                throw .unreadable("--trace-id \(text) is not a 32- or 16-digit hex trace id")
            }
            return id
        }
        guard let store = store(url, authorization: authorization, tenant: tenant) else {
            throw Failure.unreadable("\(url) is not a trace store's URL")
        }
        var problems: [String] = []
        let spans: [Span]
        if !ids.isEmpty {
            let collection = await store.collect(
                traceIDs: ids, clientService: clientService ?? "milvus-client", deadline: .seconds(15))
            spans = Array(collection.traces.values.joined())
            problems = collection.problems
        } else {
            spans = try await store.search(
                service: clientService ?? "milvus-client", start: since ?? Date().addingTimeInterval(-900),
                end: until ?? Date(), limit: 1000)
        }
        return try analyse(spans, clientService: clientService, source: url, label: store.description, problems: problems)
    }

    /// A finished run's sampled requests correlated again with a Jaeger's traces or a file's spans.
    package static func reanalyse(_ run: RunRecord, traces: String, authorization: String?, tenant: String?)
        async throws -> RunRecord
    {
        var record = run
        let service = run.tracing?.clientService ?? run.scenario.serviceName
        if let store = store(traces, authorization: authorization, tenant: tenant) {
            let collection = await store.collect(
                traceIDs: run.clientRequests.map(\.traceID), clientService: service, deadline: .seconds(30),
                quiet: .seconds(run.scenario.quietSeconds))
            record.tracing = Reanalysis.correlate(
                run, traces: collection.traces, problems: collection.problems, source: store.description,
                clientService: service)
        } else {
            record.tracing = Reanalysis.correlate(
                run, spans: try TraceFile.read(traces).spans, source: "trace file \(traces)", clientService: service)
        }
        return record
    }

    /// Runs merged from several directories, correlated again over all their spans.
    package static func reanalyse(merged: RunRecord, spanFiles: [String], clientService: String) throws -> TracingRecord {
        let spans = try spanFiles.flatMap { try TraceFile.read($0).spans }
        return Reanalysis.correlate(
            merged, spans: spans, source: "\(spanFiles.count) trace files", clientService: clientService)
    }
}
