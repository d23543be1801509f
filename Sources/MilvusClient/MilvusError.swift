import GRPCWire
import MilvusProto

/// What went wrong with a Milvus request, in terms a report can count by kind.
package enum MilvusError: Error, Sendable, CustomStringConvertible {
    /// Milvus answered with a non-success status.
    case server(code: Int32, errorCode: String, reason: String)
    /// The per-request deadline passed.
    case timeout(seconds: Double)
    /// The call failed below Milvus: connection refused or lost, TLS, HTTP/2.
    case transport(code: String, message: String)

    /// A short, stable label for counting errors (`server:65535`, `timeout`, `unavailable`).
    package var kind: String {
        switch self {
        case .server(let code, let errorCode, _): code != 0 ? "server:\(code)" : "server:\(errorCode)"
        case .timeout: "timeout"
        case .transport(let code, _): code
        }
    }

    package var description: String {
        switch self {
        case .server(let code, let errorCode, let reason): "Milvus error \(code) (\(errorCode)): \(reason)"
        case .timeout(let seconds): "no answer within \(seconds) s"
        case .transport(let code, let message): "\(code): \(message)"
        }
    }

    init(_ failure: CallFailure) {
        switch failure {
        case .timeout(let seconds): self = .timeout(seconds: seconds)
        case .status(let code, let message): self = .transport(code: code, message: message)
        }
    }
}

extension Milvus_Proto_Common_Status {
    /// Throws when Milvus reports failure. 2.3+ sets `code`; older servers only `errorCode`.
    func check() throws(MilvusError) {
        if code != 0 || errorCode != .success {
            throw MilvusError.server(code: code, errorCode: "\(errorCode)", reason: reason)
        }
    }
}
