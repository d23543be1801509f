import GRPCCore
import GRPCWire
import NIOCore
import SwiftProtobuf

/// One connection to Milvus: a `GRPCConnection`, its calls named by Milvus's method descriptors
/// and their failures as `MilvusError`s.
public final class MilvusConnection: Sendable {
    public let wire: GRPCConnection

    public init(endpoint: MilvusEndpoint) throws(MilvusError) {
        do {
            wire = try GRPCConnection(endpoint.target)
        } catch {
            throw MilvusError.transport(code: "invalidArgument", message: "TLS set-up: \(error)")
        }
    }

    /// For the tasks that use this connection most (a worker's): they run on its event loop.
    public var taskExecutor: EventLoopTaskExecutor { wire.taskExecutor }

    public func close() { wire.close() }

    /// One unary call. `traceparent`, when given, is sent as W3C trace context metadata.
    ///
    /// Encoding and decoding stay here, in the module of the calls that use them, where the
    /// compiler specializes them for each message type; the wire takes framed bytes.
    public func call<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>(
        _ method: MethodDescriptor, _ request: Request, traceparent: String? = nil,
        as: Response.Type = Response.self
    ) async throws(MilvusError) -> Response {
        let message: GRPCFramedMessage
        do {
            message = try request.serializedBytes()
        } catch {
            throw MilvusError.transport(code: "invalidArgument", message: "cannot serialize \(Request.self): \(error)")
        }
        switch await wire.call(path: "/" + method.fullyQualifiedMethod, message: message.buffer, traceparent: traceparent) {
        case .success(let bytes):
            do {
                return try Response(serializedBytes: ReceivedBytes(bytes))
            } catch {
                throw MilvusError.transport(code: "internalError", message: "cannot decode \(Response.self): \(error)")
            }
        case .failure(let failure):
            throw MilvusError(failure)
        }
    }
}
