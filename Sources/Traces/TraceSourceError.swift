import Foundation
import TraceContext

public enum TraceSourceError: Error, CustomStringConvertible {
    case unreadable(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .unreadable(let message), .malformed(let message): message
        }
    }
}
