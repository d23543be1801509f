import EmbeddedMilvus
import Foundation
import GRPCWire
import MilvusClient
import Scenario
import ServerMetrics

/// Reaching the scenario's Milvus, shared by `run` and `compare`: start the embedded one, or
/// point at the external one, and connect.
enum MilvusAccess {
    static func startEmbedded(
        _ options: EmbeddedOptions, directory: String, environment: [String: String], proxyPort: Int? = nil
    ) async throws -> EmbeddedMilvus {
        log("starting embedded Milvus 2.3.5 from \(PythonEnvironment.locate(options.venv)) in \(directory)")
        let server = try await EmbeddedMilvus.start(
            .init(
                venv: options.venv, runDirectory: directory, environment: environment,
                startTimeoutSeconds: options.startTimeoutSeconds, proxyPort: proxyPort
            ))
        log("Milvus is up on 127.0.0.1:\(server.proxyPort) (pid \(server.milvusPID), metrics \(server.metricsURL))")
        return server
    }

    /// The most workers any phase runs: the connection pool is sized for them.
    static func workers(_ scenario: Scenario) -> Int { scenario.phases.map(\.workers).max() ?? 1 }

    /// The endpoint of `embedded` when given, else of the scenario's external Milvus.
    static func endpoint(_ scenario: Scenario, embedded: EmbeddedMilvus?) throws -> MilvusEndpoint {
        let connections = min(4, workers(scenario))
        switch scenario.milvus {
        case .embedded(let options):
            guard let embedded else { throw SessionError(message: "the embedded Milvus is not running") }
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
}

extension MilvusTarget {
    var isEmbedded: Bool {
        if case .embedded = self { return true }
        return false
    }
}
