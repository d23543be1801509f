import DequeModule
import NIOCore
import NIOHPACK
import NIOHTTP2

/// A unary gRPC call handed to the event loop: its request and where its answer goes.
struct OutgoingCall: Sendable {
    /// Where the answer goes: the caller's continuation (no allocation), or a function (tests).
    enum Answer: Sendable {
        case continuation(UnsafeContinuation<Result<ByteBuffer, CallFailure>, Never>)
        case callback(@Sendable (Result<ByteBuffer, CallFailure>) -> Void)
    }

    var headers: HPACKHeaders
    var message: ByteBuffer
    var deadline: NIODeadline
    var timeoutSeconds: Double
    var answer: Answer

    func resume(_ result: Result<ByteBuffer, CallFailure>) {
        switch answer {
        case .continuation(let continuation): continuation.resume(returning: result)
        case .callback(let callback): callback(result)
        }
    }

    func fail(_ error: CallFailure) { resume(.failure(error)) }
}
