import GRPCCore
import GRPCWire
import NIOCore
import SwiftProtobuf

/// One connection to Milvus: a `GRPCConnection`, its calls named by Milvus's method descriptors
/// and their failures as `MilvusError`s.
package final class MilvusConnection: Sendable {
    package let wire: GRPCConnection

    package init(endpoint: MilvusEndpoint) throws(MilvusError) {
        do {
            wire = try GRPCConnection(endpoint.target)
        } catch {
            throw MilvusError.transport(code: "invalidArgument", message: "TLS set-up: \(error)")
        }
    }

    /// For the tasks that use this connection most (a worker's): they run on its event loop.
    package var taskExecutor: EventLoopTaskExecutor { wire.taskExecutor }

    package func close() { wire.close() }

    /// One unary call. `traceparent`, when given, is sent as W3C trace context metadata.
    package func call<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>(
        _ method: MethodDescriptor, _ request: Request, traceparent: String? = nil,
        as: Response.Type = Response.self
    ) async throws(MilvusError) -> Response {
        do {
            return try await wire.call(path: "/" + method.fullyQualifiedMethod, request, traceparent: traceparent)
        } catch {
            throw MilvusError(error)
        }
    }
}
