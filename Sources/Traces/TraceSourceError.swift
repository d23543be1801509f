import Foundation
import TraceContext

package enum TraceSourceError: Error, CustomStringConvertible {
    case unreadable(String)
    case malformed(String)

    package var description: String {
        switch self {
        case .unreadable(let message), .malformed(let message): message
        }
    }
}
