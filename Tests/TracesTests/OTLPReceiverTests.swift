import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import OTLPProto
import Synchronization
import Testing

@testable import Traces

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The embedded receiver over gRPC, and its forward: what arrived goes on byte for byte.
@Suite struct OTLPReceiverTests {
    typealias Method = Opentelemetry_Proto_Collector_Trace_V1_TraceService.Method.Export

    /// A forward target that keeps the bytes of every export it gets.
    final class Capture: RegistrableRPCService, Sendable {
        let received = Mutex<[[UInt8]]>([])

        func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
            router.registerHandler(
                forMethod: Method.descriptor, deserializer: RawMessage(),
                serializer: ProtobufSerializer<Method.Output>()
            ) { request, _ in
                let bytes = try await ServerRequest(stream: request).message
                self.received.withLock { $0.append(bytes) }
                return StreamingServerResponse(single: ServerResponse(message: Method.Output()))
            }
        }

        /// Waits (up to 10 s) until `count` exports arrived.
        func exports(_ count: Int) async throws -> [[UInt8]] {
            for _ in 0..<200 where received.withLock({ $0.count }) < count {
                try await Task.sleep(for: .milliseconds(50))
            }
            return received.withLock { $0 }
        }
    }

    static func export(_ bytes: [UInt8], to port: Int) async throws {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
        try await withGRPCClient(transport: transport) { client in
            _ = try await client.unary(
                request: ClientRequest(message: bytes), descriptor: Method.descriptor, serializer: RawMessage(),
                deserializer: ProtobufDeserializer<Method.Output>(), options: .defaults
            ) { try $0.message }
        }
    }

    /// Real Milvus exports (attributes, events and all) arrive over gRPC and over HTTP, are kept,
    /// and reach the forward target exactly as they were sent; a request that is not protobuf is
    /// refused with INVALID_ARGUMENT and counts nothing.
    @Test func exportsAreKeptAndForwardedUnchanged() async throws {
        let requests = Array(try RecordedExports.requests().prefix(3))
        let expected = try requests.map { try #require(OTLPSpanDecoderTests.reference($0)) }
        let capture = Capture()
        let target = GRPCServer(
            transport: HTTP2ServerTransport.Posix(
                address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
            services: [capture])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await target.serve() }
            let targetPort = try #require(try await target.listeningAddress?.ipv4?.port)
            let collector = SpanCollector(keepsAll: true)
            let receiver = try OTLPReceiver(collector: collector, port: 0, forwardTo: ("127.0.0.1", targetPort))
            group.addTask { try await receiver.run() }
            let port = try await receiver.boundPort()
            let http = try OTLPHTTPReceiver(collector: collector, port: 0, forward: receiver.httpForward)
            defer {
                http.stop()
                receiver.stop()
                target.beginGracefulShutdown()
            }

            try await Self.export(requests[0], to: port)
            try await Self.export(requests[1], to: port)
            var post = URLRequest(url: URL(string: "http://127.0.0.1:\(http.port)/v1/traces")!)
            post.httpMethod = "POST"
            post.httpBody = Data(requests[2])
            post.setValue("application/x-protobuf", forHTTPHeaderField: "Content-Type")
            let (_, answer) = try await URLSession.shared.data(for: post)
            #expect((answer as? HTTPURLResponse)?.statusCode == 200)

            let forwarded = try await capture.exports(3)
            #expect(forwarded.count == 3)
            #expect(Set(forwarded) == Set(requests))
            let spans = expected.reduce(0) { $0 + $1.spans.count }
            #expect(collector.counts.received == spans && collector.counts.kept == spans)
            let kept = collector.spans(of: collector.traceIDs()).values.reduce(0) { $0 + $1.count }
            #expect(kept == spans)

            let refused = await #expect(throws: RPCError.self) { try await Self.export([0x0A, 0x05, 0x01], to: port) }
            #expect(refused?.code == .invalidArgument)
            #expect(collector.counts.received == spans && collector.counts.malformed == 0)
            #expect(capture.received.withLock { $0.count } == 3)
        }
    }
}
