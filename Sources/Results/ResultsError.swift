/// A run.json that cannot be read, or runs that cannot be merged as asked.
package enum ResultsError: Error, CustomStringConvertible {
    case invalidRun(String)
    case io(String)
    /// Runs that cannot be merged as asked (the same run twice, different scenarios).
    case refused(String)

    package var description: String {
        switch self {
        case .invalidRun(let message): "not a usable run.json: \(message)"
        case .io(let message), .refused(let message): message
        }
    }
}
