import GRPCCore
import GRPCNIOTransportHTTP2

/// The embedded OTLP/gRPC receiver: Milvus (and traceload's own client spans) export here.
/// Spans go to a `SpanCollector`; when `forward` is set, every export request is also passed on
/// unchanged to another OTLP/gRPC endpoint (e.g. a Jaeger), so users can still browse the traces.
package final class OTLPReceiver: Sendable {
    package let collector: SpanCollector
    let server: GRPCServer<HTTP2ServerTransport.Posix>
    let forwarder: OTLPForwarder?

    package init(
        collector: SpanCollector, host: String = "127.0.0.1", port: Int, forwardTo: (host: String, port: Int)? = nil
    ) throws {
        self.collector = collector
        forwarder = try forwardTo.map { try OTLPForwarder(host: $0.host, port: $0.port) }
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: host, port: port),
            transportSecurity: .plaintext,
            config: .defaults {
                $0.rpc.maxRequestPayloadSize = 64 << 20
                // A real exporter's batch is 100 KB to 1 MB. With HTTP/2's default 64 KB window the
                // exporter stopped every 64 KB until the server's WINDOW_UPDATE, and 16 KB frames
                // made each batch dozens of reads: 43% of the receiver's CPU went to the transport,
                // and an 8 MiB window nearly doubled its spans per core. A message is held whole
                // before it is decoded anyway, so the window holds no more than that.
                $0.http2.targetWindowSize = 8 << 20
                $0.http2.maxFrameSize = 1 << 20
                // The OpenTelemetry Collector's otlp exporter sends gzip by default (grpc-encoding: gzip).
                $0.compression.enabledAlgorithms = .all
            }
        )
        server = GRPCServer(
            transport: transport,
            services: [ExportService(collector: collector, forwarder: forwarder, strings: SharedStrings())])
    }

    /// Serves until `stop()`. Throws if the port cannot be bound.
    package func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            if let forwarder { group.addTask { try await forwarder.client.runConnections() } }
            try await server.serve()
            forwarder?.client.beginGracefulShutdown()
        }
    }

    /// The bound port (after `run()` started listening).
    package func boundPort() async throws -> Int {
        guard let address = try await server.listeningAddress?.ipv4 else {
            throw TraceSourceError.unreadable("the OTLP receiver is not listening")
        }
        return address.port
    }

    /// For the OTLP/HTTP side: pass its exports on the same way (nil without a forward target).
    package var httpForward: OTLPHTTPReceiver.Forward? {
        guard let forwarder else { return nil }
        return { bytes in await forwarder.forward(bytes) }
    }

    package func stop() {
        server.beginGracefulShutdown()
    }
}
