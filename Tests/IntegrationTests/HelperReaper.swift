import Foundation
import Synchronization

/// Stops what this test process started if it dies before stopping it. Every test stops its
/// helpers when it ends, passed or failed (`BackgroundRun.stop`, `defer`); a test process that
/// crashes or is killed by a CI timeout cannot, and left a receiver running for an hour. So one
/// small Python process (`reap_helpers.py`) runs beside this one: it is told each helper's pid as
/// the helper starts and stops, and when this process is gone it stops the helpers still listed.
final class HelperReaper: Sendable {
    static let shared = HelperReaper()

    private let input: Mutex<FileHandle?>

    private init() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", CLIHarness.packageRoot.appendingPathComponent("Tests/IntegrationTests/reap_helpers.py").path,
        ]
        process.currentDirectoryURL = CLIHarness.packageRoot
        let pipe = Pipe()
        process.standardInput = pipe
        // A reaper that could not start leaves the tests' own stops in charge; the leftover
        // check after `make test` still names anything left.
        guard (try? process.run()) != nil else {
            input = Mutex(nil)
            return
        }
        // Writing to a reaper that died must not kill the tests with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        input = Mutex(pipe.fileHandleForWriting)
    }

    func started(_ process: Process) { started(process.processIdentifier) }

    func stopped(_ process: Process) { stopped(process.processIdentifier) }

    func started(_ pid: pid_t) { tell("+\(pid)") }

    func stopped(_ pid: pid_t) { tell("-\(pid)") }

    private func tell(_ line: String) {
        input.withLock { handle in
            guard let current = handle else { return }
            do {
                try current.write(contentsOf: Data((line + "\n").utf8))
            } catch {
                handle = nil
            }
        }
    }
}
