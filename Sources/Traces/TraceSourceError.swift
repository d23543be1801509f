import Foundation
import TraceContext

package enum TraceSourceError: Error, CustomStringConvertible {
    case unreadable(String)
    case malformed(String)
    /// The trace store did not answer (refused, timed out): the input may be right.
    case unreachable(String)

    package var description: String {
        switch self {
        case .unreadable(let message), .malformed(let message), .unreachable(let message): message
        }
    }

    package var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }
}
