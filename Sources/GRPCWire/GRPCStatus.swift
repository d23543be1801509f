import Foundation
import NIOCore
import NIOHPACK
import NIOHTTP2

/// gRPC's status codes, named as grpc-swift names them (the error kinds reports count), and how
/// an answer becomes one, as the gRPC-over-HTTP/2 specification says: from `grpc-status`; without
/// it, from the HTTP status (http-grpc-status-mapping.md); from a reset stream's error code.
package enum GRPCStatus {
    package static let ok = 0
    package static let cancelled = 1
    package static let unknown = 2
    package static let deadlineExceeded = 4
    package static let resourceExhausted = 8
    package static let unimplemented = 12
    package static let internalError = 13
    package static let unavailable = 14
    package static let permissionDenied = 7
    package static let unauthenticated = 16

    package static func name(_ code: Int) -> String {
        switch code {
        case 0: "ok"
        case 1: "cancelled"
        case 2: "unknown"
        case 3: "invalidArgument"
        case 4: "deadlineExceeded"
        case 5: "notFound"
        case 6: "alreadyExists"
        case 7: "permissionDenied"
        case 8: "resourceExhausted"
        case 9: "failedPrecondition"
        case 10: "aborted"
        case 11: "outOfRange"
        case 12: "unimplemented"
        case 13: "internalError"
        case 14: "unavailable"
        case 15: "dataLoss"
        case 16: "unauthenticated"
        default: "unknown"
        }
    }

    /// An HTTP status without `grpc-status`.
    package static func code(httpStatus: Int) -> Int {
        switch httpStatus {
        case 400: internalError
        case 401: unauthenticated
        case 403: permissionDenied
        case 404: unimplemented
        case 429, 502, 503, 504: unavailable
        default: unknown
        }
    }

    /// RST_STREAM: REFUSED_STREAM means the server never processed the call (safe to retry);
    /// CANCEL, a cancellation; ENHANCE_YOUR_CALM, too much load; anything else an internal error.
    package static func code(resetCode: HTTP2ErrorCode) -> Int {
        switch resetCode {
        case .refusedStream: unavailable
        case .cancel: cancelled
        case .enhanceYourCalm: resourceExhausted
        default: internalError
        }
    }

    /// The outcome of a call from its response headers (nil for a trailers-only answer), its
    /// trailers and its body.
    package static func result(
        headers: HPACKHeaders?, trailers: HPACKHeaders, body: ByteBuffer?,
        timeoutSeconds: Double
    ) -> Result<ByteBuffer, CallFailure> {
        let first = headers ?? trailers
        // The common answer (HTTP 200, application/grpc, grpc-status 0) is checked with string
        // comparisons only; numbers are parsed on the way to an error.
        let httpText = first.first(name: ":status")
        let http = httpText == "200" ? 200 : httpText.flatMap { Int($0) }
        let contentType = first.first(name: "content-type")
        let statusText = trailers.first(name: "grpc-status")
        let grpcStatus = statusText == "0" ? ok : statusText.flatMap { Int($0) }
        if let http, http != 200, grpcStatus == nil {
            return .failure(.status(code: name(code(httpStatus: http)), message: "HTTP \(http) without a gRPC status"))
        }
        if let contentType, !contentType.hasPrefix("application/grpc"),
            !contentType.lowercased().hasPrefix("application/grpc")
        {
            let code = http == nil || http == 200 ? unknown : self.code(httpStatus: http!)
            return .failure(
                .status(
                    code: name(code),
                    message: "not a gRPC answer (content-type \(contentType), HTTP \(http.map(String.init) ?? "?"))"))
        }
        guard let status = grpcStatus else {
            return .failure(
                .status(
                    code: name(internalError),
                    message: "answer without grpc-status" + (http.map { " (HTTP \($0))" } ?? "")))
        }
        guard status == ok else {
            if status == deadlineExceeded { return .failure(.timeout(seconds: timeoutSeconds)) }
            let message = trailers.first(name: "grpc-message").map { $0.removingPercentEncoding ?? $0 } ?? ""
            return .failure(.status(code: name(status), message: message))
        }
        guard var body, let compressed = body.readInteger(as: UInt8.self),
            let length = body.readInteger(as: UInt32.self),
            let message = body.readSlice(length: Int(length))
        else {
            return .failure(.status(code: name(internalError), message: "answer without a complete message"))
        }
        guard compressed == 0 else {
            return .failure(.status(code: name(internalError), message: "compressed answer (not asked for)"))
        }
        return .success(message)
    }
}
