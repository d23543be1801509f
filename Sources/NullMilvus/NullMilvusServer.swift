import Foundation
import GRPCWire
import NIOCore
import NIOHTTP2
import NIOPosix
import NIOSSL
import Synchronization

/// A Milvus that does no work: every RPC traceload calls succeeds at once with an empty answer.
/// It shows the ceiling of the load generator itself (requests per second on this machine) and
/// serves the micro-benchmarks as an in-process peer.
///
/// It speaks gRPC as HTTP/2 frames directly (see `NullMilvusHandler`): a server built on a full
/// gRPC stack costs more per request than the client it is there to measure.
package final class NullMilvusServer: Sendable {
    /// PEM files for serving over TLS; with `clientCA`, clients must present a certificate it signed.
    package struct TLSFiles: Sendable {
        package var certificate: String
        package var key: String
        package var clientCA: String?
        package init(certificate: String, key: String, clientCA: String? = nil) {
            self.certificate = certificate
            self.key = key
            self.clientCA = clientCA
        }
    }

    let host: String
    let port: Int
    let tls: TLSFiles?
    /// A fixed service time for every search (`--search-latency`): a known effect for a
    /// comparison to find.
    let searchLatency: TimeAmount?
    /// Methods answered with a Milvus error (code 1100) carrying the given reason.
    let failures: [String: ByteBuffer]
    /// Counts what was received, when given (tests).
    let tally: NullMilvusTally?
    private let listening: EventLoopPromise<Int>
    private let state = Mutex<(channel: (any Channel)?, stopped: Bool)>((nil, false))

    package init(
        host: String = "127.0.0.1", port: Int, tls: TLSFiles? = nil, searchLatency: Duration? = nil,
        failing: [String: String] = [:], tally: NullMilvusTally? = nil
    ) {
        self.tally = tally
        failures = Dictionary(
            uniqueKeysWithValues: failing.compactMap { method, reason in
                NullAnswers.failure(method, reason: reason).map { (method, $0) }
            })
        self.host = host
        self.port = port
        self.tls = tls
        self.searchLatency = searchLatency.map {
            .nanoseconds(Int64($0.components.seconds) * 1_000_000_000 + $0.components.attoseconds / 1_000_000_000)
        }
        listening = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Int.self)
    }

    /// Serves until `stop()`.
    package func run() async throws {
        do {
            let context = try tls.map(Self.sslContext)
            let searchLatency = searchLatency
            let failures = failures
            let tally = tally
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let context { try pipeline.addHandler(NIOSSLServerHandler(context: context)) }
                        try pipeline.addHandler(HTTP2Setup.handler(mode: .server))
                        try pipeline.addHandler(NullMilvusHandler(searchLatency: searchLatency, failures: failures, tally: tally))
                    }
                }
                .bind(host: host, port: port).get()
            let stopped = state.withLock { state in
                state.channel = channel
                return state.stopped
            }
            if stopped { try await channel.close() }
            listening.succeed(channel.localAddress?.port ?? port)
            try await channel.closeFuture.get()
        } catch {
            listening.fail(error)
            throw error
        }
    }

    package func boundPort() async throws -> Int { try await listening.futureResult.get() }

    /// Runs `body` with a null Milvus listening on a free loopback port, and stops it afterwards.
    package static func serving<T>(_ body: (_ port: Int) async throws -> T) async throws -> T {
        let server = NullMilvusServer(port: 0)
        let serving = Task { try await server.run() }
        defer {
            server.stop()
            serving.cancel()
        }
        return try await body(try await server.boundPort())
    }

    package func stop() {
        let channel = state.withLock { state in
            state.stopped = true
            return state.channel
        }
        channel?.close(promise: nil)
    }

    static func sslContext(_ files: TLSFiles) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: files.key, format: .pem))
        )
        configuration.applicationProtocols = ["h2"]
        if let clientCA = files.clientCA {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .file(clientCA)
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
