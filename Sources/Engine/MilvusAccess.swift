import EmbeddedMilvus
import Foundation
import GRPCWire
import MilvusClient
import Scenario
import ServerMetrics

/// Reaching the scenario's Milvus: start the embedded one, or point at the external one; connect;
/// and where its metrics are read.
enum MilvusAccess {
    static func startEmbedded(
        _ options: EmbeddedOptions, directory: String, environment: [String: String], proxyPort: Int? = nil,
        observer: EngineObserver
    ) async throws -> EmbeddedMilvus {
        observer(
            .log("starting embedded Milvus 2.3.5 from \(PythonEnvironment.locate(options.venv)) in \(directory)"))
        let server = try await EmbeddedMilvus.start(
            .init(
                venv: options.venv, runDirectory: directory, environment: environment,
                startTimeoutSeconds: options.startTimeoutSeconds, proxyPort: proxyPort
            ))
        observer(
            .log(
                "Milvus is up on 127.0.0.1:\(server.proxyPort) (pid \(server.milvusPID), metrics \(server.metricsURL))"
            ))
        return server
    }

    /// A fresh directory for an embedded Milvus of this process, under the temporary directory.
    static func temporaryDirectory(_ kind: String) -> String {
        NSTemporaryDirectory() + "traceload-\(kind)-\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1000))"
    }

    /// The most workers any phase runs: the connection pool is sized for them.
    static func workers(_ scenario: Scenario) -> Int { scenario.phases.map(\.workers).max() ?? 1 }

    /// The endpoint of `embedded` when given, else of the scenario's external Milvus.
    static func endpoint(_ scenario: Scenario, embedded: EmbeddedMilvus?) throws -> MilvusEndpoint {
        let connections = min(4, workers(scenario))
        switch scenario.milvus {
        case .embedded(let options):
            guard let embedded else { throw EngineError("the embedded Milvus is not running") }
            return MilvusEndpoint(
                host: "127.0.0.1", port: embedded.proxyPort, requestTimeoutSeconds: options.requestTimeoutSeconds,
                connections: connections)
        case .external(let external):
            var endpoint = try MilvusEndpoint(
                host: external.host, port: external.port, useTLS: external.useTLS,
                caCertificatePath: external.caCertificate,
                token: external.token?.resolve(), user: external.user, password: external.password?.resolve(),
                clientCertificatePath: external.clientCertificate, clientKeyPath: external.clientKey,
                requestTimeoutSeconds: external.requestTimeoutSeconds, connections: connections
            )
            if let interval = external.keepaliveIntervalSeconds {
                endpoint.keepalive.interval = .nanoseconds(Int64(interval * 1e9))
            }
            if let timeout = external.keepaliveTimeoutSeconds {
                endpoint.keepalive.timeout = .nanoseconds(Int64(timeout * 1e9))
            }
            return endpoint
        }
    }

    /// Where Milvus's metrics come from: the embedded server's page, `milvus.prometheus`, or
    /// `milvus.metrics` (one page per pod; default port 9091 on the Milvus host).
    static func metricsSource(_ scenario: Scenario, embedded: EmbeddedMilvus?) -> (any MetricsSource)? {
        if let embedded { return try? MetricsPages(urls: [embedded.metricsURL]) }
        guard case .external(let external) = scenario.milvus else { return nil }
        if let prometheus = external.prometheus {
            return PrometheusServer(baseURL: prometheus.url, selector: prometheus.selector)
        }
        return try? MetricsPages(urls: external.pages)
    }

    /// "embedded, 127.0.0.1:19530" or "external, host:port".
    static func targetDescription(_ scenario: Scenario, embedded: EmbeddedMilvus?) -> String {
        if let embedded { return "embedded, 127.0.0.1:\(embedded.proxyPort)" }
        if case .external(let external) = scenario.milvus { return "external, \(external.host):\(external.port)" }
        return "embedded"
    }
}

/// A connected client, its pool sized for the scenario's workers.
struct MilvusSession {
    let client: MilvusClient
    let version: String

    static func connect(_ endpoint: MilvusEndpoint, workers: Int, observer: EngineObserver) async throws
        -> MilvusSession
    {
        let client = try await MilvusClient.connect(endpoint, workers: workers)
        do {
            let version = try await client.version()
            let streams =
                client.streamLimit.map { $0 >= 1 << 30 ? "no stream limit" : "\($0) streams per connection" } ?? ""
            let count = client.connections.count
            observer(
                .log(
                    "connected to Milvus \(version) at \(endpoint.address) (\(count) connection\(count == 1 ? "" : "s"), \(streams))"
                ))
            return MilvusSession(client: client, version: version)
        } catch {
            client.close()
            throw error
        }
    }

    /// A restarted server takes a while to answer; keep trying until `patienceSeconds`.
    static func connect(
        _ endpoint: MilvusEndpoint, workers: Int, patienceSeconds: Double, observer: EngineObserver
    ) async throws -> MilvusSession {
        let deadline = Date().addingTimeInterval(patienceSeconds)
        while true {
            do {
                return try await connect(endpoint, workers: workers, observer: observer)
            } catch {
                if Date() > deadline || Task.isCancelled { throw error }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Connections are sized so that workers never wait for an HTTP/2 stream; should the server
    /// have lowered its limit meanwhile, the note says so: the wait is inside those requests' latency.
    var streamNote: String? {
        let waits = client.streamWaits
        guard waits.calls > 0 else { return nil }
        let mean = String(format: "%.1f", waits.seconds * 1000 / Double(waits.calls))
        return
            "\(waits.calls) requests waited for a free HTTP/2 stream (\(mean) ms on average; Milvus allows \(client.streamLimit.map(String.init) ?? "?") per connection): that wait is part of their latency and of client+wire."
    }
}
