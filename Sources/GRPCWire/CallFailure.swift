/// Why a call got no answer: its deadline passed, or a gRPC status other than OK (named as
/// grpc-swift names codes: `unavailable`, `resourceExhausted`, ...).
package enum CallFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case timeout(seconds: Double)
    case status(code: String, message: String)

    package var description: String {
        switch self {
        case .timeout(let seconds): "no answer within \(seconds) s"
        case .status(let code, let message): "\(code): \(message)"
        }
    }

    static func unavailable(_ message: String) -> CallFailure {
        .status(code: GRPCStatus.name(GRPCStatus.unavailable), message: message)
    }
}
