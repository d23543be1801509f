import Dataset
import Foundation
import HTTPFetch
import Scenario
import Traces

/// Something the engine cannot go on with: its message is the whole explanation, its cause
/// decides the command's exit code (a script must tell a typo from an unreachable server).
package struct EngineError: Error, CustomStringConvertible {
    package enum Cause: Sendable, Equatable {
        /// The scenario, a file it names, or an option is wrong: fix the input.
        case badInput
        /// Milvus did not answer (refused, timed out, TLS failed): nothing was wrong with the input.
        case milvusUnreachable
        /// A Jaeger, Tempo or Prometheus did not answer.
        case serviceUnreachable
        /// The embedded Milvus exited.
        case milvusExited
        /// Anything else that stopped the work (Milvus refused a step of the set-up, a file
        /// could not be written).
        case failed
    }

    package var message: String
    package var cause: Cause

    package init(_ message: String, cause: Cause = .failed) {
        self.message = message
        self.cause = cause
    }

    /// `error` with its cause: an `EngineError` keeps its own; input errors are bad input,
    /// an HTTP fetch that found nobody is an unreachable service.
    package init(_ error: any Error) {
        switch error {
        case let error as EngineError: self = error
        case let error as ScenarioError:
            let count = error.issues.count
            let file = error.issues.first?.file ?? "the scenario"
            self.init(
                "\(error.description)\n\(file): \(count) mistake\(count == 1 ? "" : "s"); nothing was run", cause: .badInput)
        case is CredentialError, is DatasetError, is ExecutionSegmentError, is TrafficAnalysis.Failure:
            self.init("\(error)", cause: .badInput)
        // A trace file that cannot be read or parsed is the input's fault; a store that does not answer is not.
        case let error as TraceSourceError:
            self.init("\(error)", cause: error.isUnreachable ? .serviceUnreachable : .badInput)
        case let error as HTTPFetch.Failure: self.init("\(error)", cause: error.isUnreachable ? .serviceUnreachable : .failed)
        default: self.init("\(error)", cause: .failed)
        }
    }

    /// The same error, its message extended.
    package func adding(_ suffix: String) -> EngineError { EngineError(message + suffix, cause: cause) }

    package var description: String { message }
}
