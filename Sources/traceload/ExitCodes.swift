import ArgumentParser
import Engine
import Foundation

/// Exit codes a script can tell apart.
enum ExitCodes {
    static let badInput: Int32 = 2
    static let runFailed: Int32 = 3
    static let thresholdsCrossed: Int32 = 4
    static let regression: Int32 = 5
    /// Milvus, a trace store or Prometheus did not answer: the input may be right, try again.
    static let unreachable: Int32 = 6
    static let interrupted: Int32 = 130

    /// The code of an engine error's cause.
    static func code(_ cause: EngineError.Cause) -> Int32 {
        switch cause {
        case .badInput: badInput
        case .milvusUnreachable, .serviceUnreachable: unreachable
        case .milvusExited, .failed: runFailed
        }
    }
}

/// Prints `error` and returns the exit its cause calls for.
func failureExit(_ error: any Error) -> ExitCode {
    if let error = error as? ValidationError {
        printError("traceload: \(error)")
        return ExitCode(ExitCodes.badInput)
    }
    let error = EngineError(error)
    printError("traceload: \(error.message)")
    return ExitCode(ExitCodes.code(error.cause))
}
