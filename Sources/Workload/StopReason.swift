/// Why a run stopped before its end. Told apart by kind, not by text: an interruption is the
/// user's (exit 130), the others are the run failing (exit 3).
package enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// Ctrl-C or SIGTERM; `signal` names it ("SIGINT").
    case interrupted(signal: String)
    /// `onError: stop`: the first failed request.
    case firstError(operation: String, message: String)
    /// The Milvus under test went away for good (the embedded server's process exited).
    case serverExited(String)

    package var description: String {
        switch self {
        case .interrupted(let signal): signal == "SIGTERM" ? "terminated (SIGTERM)" : "interrupted (\(signal))"
        case .firstError(let operation, let message): "stopped at the first failed request (\(operation): \(message))"
        case .serverExited(let what): what
        }
    }

    /// The user stopped it; nothing failed.
    package var isInterruption: Bool {
        if case .interrupted = self { return true }
        return false
    }
}
