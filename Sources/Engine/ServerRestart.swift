import Foundation
import Workload

/// `compare.restart`: the user's command that restarts their Milvus with other tracing, run
/// before a block whose variant needs tracing other than the server has. `{exporter}` (otlp or
/// noop), `{fraction}` (Milvus's trace.sampleFraction) and `{endpoint}` (HOST:PORT of the
/// OTLP/gRPC receiver Milvus should export to) are filled in. Then traceload waits until Milvus
/// answers and its collection is loaded again, and keeps how long each restart took.
struct ServerRestart: Sendable {
    let command: String
    /// The tracing the server has now (nil: unknown, before the first restart).
    private(set) var present: ServerTracing?
    /// Seconds each restart took, command and reload together.
    private(set) var seconds: [Double] = []
    /// The longest a restarted Milvus may take to answer with its collection loaded.
    static let patienceSeconds = 300.0

    init(command: String) {
        self.command = command
    }

    /// The command with its placeholders filled in.
    func filled(_ tracing: ServerTracing, endpoint: String) -> String {
        command.replacingOccurrences(of: "{exporter}", with: tracing.exporter)
            .replacingOccurrences(of: "{fraction}", with: CompareVariant.fractionText(tracing.fraction))
            .replacingOccurrences(of: "{endpoint}", with: endpoint)
    }

    /// Restarts `server` with `tracing` unless it has it already.
    mutating func ensure(
        _ tracing: ServerTracing?, on server: MilvusServer, control: RunControl, observer: @escaping EngineObserver
    ) async throws {
        guard let tracing, tracing != present, !control.stop.isStopped else { return }
        let started = Date()
        let line = filled(tracing, endpoint: server.traces?.remoteEndpoint ?? "")
        observer(.log("restarting Milvus with tracing \(tracing): \(line)"))
        let status = try await Self.shell(line, stop: control.stop)
        guard status == 0 else {
            throw EngineError("compare.restart exited with status \(status): \(line)")
        }
        do {
            try await server.reconnect(control: control, observer: observer, patienceSeconds: Self.patienceSeconds)
        } catch {
            throw EngineError(
                "Milvus did not come back after compare.restart (\(line)): \(error)", cause: .milvusUnreachable)
        }
        present = tracing
        seconds.append(Date().timeIntervalSince(started))
        observer(.log("Milvus is back with tracing \(tracing) after \(String(format: "%.1f", seconds.last!)) s"))
    }

    /// Runs `line` with /bin/sh, its output to traceload's standard error; returns its exit status
    /// once the shell exits. Spawned and waited for by its pid: a command that leaves a server
    /// running in the background (`... &`) must not keep traceload waiting for that server, which
    /// Foundation's `Process` does (the server inherits the descriptor it watches).
    static func shell(_ line: String, stop: StopSignal? = nil) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // Nothing of traceload's beyond its standard error: a server the command leaves running
        // would otherwise hold traceload's descriptors open after traceload exits (and whoever
        // waits for traceload's pipes to close would wait for that server).
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for fd in open where fd > 2 && fcntl(fd, F_GETFD) != -1 { posix_spawn_file_actions_addclose(&actions, fd) }
        let words: [String] = ["/bin/sh", "-c", line]
        let arguments = words.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        // The command gets the ordinary dispositions of Ctrl-C and SIGTERM, whatever traceload's are.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Nor blocked: the calling thread (one of Swift's workers) blocks them, and a mask is inherited.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments + [nil], environ)
        guard spawned == 0 else {
            throw EngineError("compare.restart: cannot run /bin/sh: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var stopped = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            // A stop (Ctrl-C) ends the command too: the comparison is over.
            if let stop, stop.isStopped, !stopped {
                kill(pid, SIGTERM)
                stopped = true
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        if stopped { throw EngineError("compare.restart was stopped: \(stop?.reason?.description ?? "stopped")") }
        // WIFEXITED / WEXITSTATUS; a signal is reported as 128 + its number, as shells do.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// What the report says of the restarts.
    func note() -> String? {
        guard !seconds.isEmpty else { return nil }
        let mean = seconds.reduce(0, +) / Double(seconds.count)
        return
            "compare.restart restarted Milvus \(seconds.count) time\(seconds.count == 1 ? "" : "s") (\(String(format: "%.1f", mean)) s each on average, \(String(format: "%.0f", seconds.reduce(0, +))) s in all); blocks needing the same server tracing run one after the other in each round, so a round restarts it once per other tracing, and a block's order within a round is drawn only among those that share its tracing."
    }
}
