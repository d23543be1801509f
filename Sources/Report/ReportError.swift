/// A report that cannot be written, or runs that cannot be compared as asked.
package enum ReportError: Error, CustomStringConvertible {
    case io(String)
    /// Runs that cannot be compared as asked (different scenarios).
    case refused(String)

    package var description: String {
        switch self {
        case .io(let message), .refused(let message): message
        }
    }
}
