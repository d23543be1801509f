import Foundation

/// A line on standard error: progress, warnings and errors, so that standard output holds only
/// what a command prints as its result.
func printError(_ text: String, terminator: String = "\n") {
    FileHandle.standardError.write(Data((text + terminator).utf8))
}

/// A progress message of a session.
func log(_ message: String) {
    printError("traceload: \(message)")
}
