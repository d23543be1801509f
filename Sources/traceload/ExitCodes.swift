import ArgumentParser
import Foundation

/// Exit codes a script can tell apart.
enum ExitCodes {
    static let badInput: Int32 = 2
    static let runFailed: Int32 = 3
    static let thresholdsCrossed: Int32 = 4
    static let regression: Int32 = 5
    static let interrupted: Int32 = 130
}
