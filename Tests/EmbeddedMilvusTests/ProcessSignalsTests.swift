import Foundation
import Synchronization
import Testing

@testable import EmbeddedMilvus

/// A child must hear SIGTERM whatever the thread that starts it blocks: traceload starts its
/// children from threads that block nearly every signal (the embedded Milvus's launcher showed
/// SigBlk fffffffe3bfbea27), and the launcher so started ignored every stop until a 20 s deadline
/// killed it. Here the starting thread blocks SIGTERM and SIGINT itself, as those threads do.
@Suite struct ProcessSignalsTests {
    /// The child's blocked-signal mask (`SigBlk` of /proc/self/status), started from a thread
    /// that blocks SIGTERM and SIGINT.
    static func childMask(unblocked: Bool) throws -> UInt64 {
        let result = Mutex<Result<String, any Error>?>(nil)
        let thread = Thread {
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGTERM)
            sigaddset(&blocked, SIGINT)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            result.withLock { $0 = Result { try spawn(unblocked: unblocked) } }
        }
        thread.start()
        while result.withLock({ $0 }) == nil { usleep(1_000) }
        let mask = try result.withLock { $0! }.get()
        return try #require(UInt64(mask, radix: 16), "SigBlk \(mask)")
    }

    static func spawn(unblocked: Bool) throws -> String {
        let process = Process()
        // cat, not a shell: dash clears its mask as it starts.
        process.executableURL = URL(fileURLWithPath: "/bin/cat")
        process.arguments = ["/proc/self/status"]
        let output = Pipe()
        process.standardOutput = output
        if unblocked { try process.runWithSignalsUnblocked() } else { try process.run() }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("SigBlk:") }
        return line.map { $0.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces) } ?? "none"
    }

    @Test func theChildHasNoSignalBlocked() throws {
        #expect(try Self.childMask(unblocked: true) == 0)
    }

    /// What the helper is for: a plain `run()` hands the thread's mask on, SIGTERM among it.
    @Test func aPlainRunHandsTheThreadsMaskOn() throws {
        #expect(try Self.childMask(unblocked: false) & (1 << (UInt64(SIGTERM) - 1)) != 0)
    }
}
