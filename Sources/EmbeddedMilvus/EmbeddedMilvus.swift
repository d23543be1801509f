import Foundation
import HTTPFetch
import Synchronization

/// The PyPI Milvus 2.3.5 (`pip install milvus==2.3.5` in a virtualenv), run by traceload in a run
/// directory of its own on free ports, with the tracing settings a run needs. It cannot outlive
/// traceload (see the launcher), and an exit of its own is noticed as it happens (`exit`).
package final class EmbeddedMilvus: Sendable {
    package struct Options: Sendable {
        package var venv: String
        package var runDirectory: String
        /// Extra environment for Milvus, e.g. the `TRACE_*` settings (they override milvus.yaml).
        package var environment: [String: String]
        package var startTimeoutSeconds: Double
        /// The gRPC port, when it must stay the same across restarts; otherwise a free one.
        package var proxyPort: Int?
        /// Every port, for a restart on the same ones (`restart()` fills it in).
        var ports: [String: Int]?

        package init(
            venv: String, runDirectory: String, environment: [String: String] = [:], startTimeoutSeconds: Double = 180,
            proxyPort: Int? = nil
        ) {
            self.proxyPort = proxyPort
            self.venv = venv
            self.runDirectory = runDirectory
            self.environment = environment
            self.startTimeoutSeconds = startTimeoutSeconds
        }
    }

    package let options: Options
    package let proxyPort: Int
    package let webPort: Int
    let ports: [String: Int]
    private let state = Mutex<(pid: Int32, exit: Int32?)>((0, nil))
    private let process: Process

    package var milvusPID: Int32 { state.withLock { $0.pid } }
    package var metricsURL: String { "http://127.0.0.1:\(webPort)/metrics" }
    package var healthURL: String { "http://127.0.0.1:\(webPort)/healthz" }
    package var logDirectory: String { "\(options.runDirectory)/logs" }
    /// The Python environment Milvus came from (as found).
    package var environmentPath: String { PythonEnvironment.locate(options.venv) }

    private init(options: Options, process: Process, ports: [String: Int]) {
        self.options = options
        self.process = process
        self.ports = ports
        proxyPort = ports["proxy_port"]!
        webPort = ports["web_port"]!
    }

    /// The milvus.yaml port settings the PyPI package templates, besides the web port.
    static let portKeys = [
        "proxy_port", "etcd_port", "proxy_internal_port", "root_coord_port", "query_coord_port", "query_node_port",
        "index_coord_port", "index_node_port", "data_coord_port", "data_node_port",
    ]

    /// Milvus's tracing settings as environment (which overrides milvus.yaml): export over
    /// OTLP/gRPC to `endpoint` (HOST:PORT) sampling `sampleFraction` of the requests that arrive
    /// without a sampled parent, or, without an endpoint, the noop exporter.
    package static func tracingEnvironment(endpoint: String?, sampleFraction: Double = 0) -> [String: String] {
        guard let endpoint else { return ["TRACE_EXPORTER": "noop"] }
        return [
            "TRACE_EXPORTER": "otlp", "TRACE_OTLP_ENDPOINT": endpoint, "TRACE_OTLP_SECURE": "false",
            "TRACE_SAMPLEFRACTION": String(sampleFraction),
        ]
    }

    /// Starts Milvus and returns once `/healthz` answers OK. A start that loses a race for a port
    /// (another server grabbed it meanwhile) is retried once with fresh ports, unless the ports
    /// are fixed (then the error says so). The directory and its data are kept either way.
    package static func start(_ options: Options) async throws -> EmbeddedMilvus {
        do {
            return try await startOnce(options)
        } catch EmbeddedMilvusError.portTaken where options.proxyPort == nil && options.ports == nil {
            return try await startOnce(options)
        }
    }

    /// A new Milvus on the same directory and ports, after this one exited: it finds its
    /// collections where they were and loads them again.
    package func restart() async throws -> EmbeddedMilvus {
        var again = options
        again.ports = ports
        return try await Self.startOnce(again)
    }

    static func startOnce(_ options: Options) async throws -> EmbeddedMilvus {
        let venv = PythonEnvironment.locate(options.venv)
        let python = "\(venv)/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw EmbeddedMilvusError.notInstalled(
                "no Python at \(python) (nor under $TRACELOAD_HOME or the folders above the traceload binary); "
                    + "run `make setup` in traceload's checkout, or `traceload setup`"
            )
        }
        var assigned = options.ports ?? [:]
        if assigned.isEmpty {
            guard let free = freeLoopbackPorts(portKeys.count + 2) else {
                throw EmbeddedMilvusError.startFailed("no free ports on 127.0.0.1")
            }
            assigned = Dictionary(uniqueKeysWithValues: zip(portKeys + ["peer_port", "web_port"], free))
            if let fixed = options.proxyPort { assigned["proxy_port"] = fixed }
        }
        let (etcd, peer, web) = (assigned["etcd_port"]!, assigned["peer_port"]!, assigned["web_port"]!)
        let milvusPorts = assigned.filter { portKeys.contains($0.key) }
        let portsJSON = String(
            decoding: try JSONSerialization.data(withJSONObject: milvusPorts, options: [.sortedKeys]), as: UTF8.self)
        let dataDir = URL(fileURLWithPath: options.runDirectory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: "\(dataDir)/logs", withIntermediateDirectories: true)
        try Leftovers.mark(dataDir)

        // Two embedded Milvus at once collide on etcd's peer port unless each has its own etcd config.
        let etcdConfig = """
            name: default
            data-dir: \(dataDir)/etcd-data
            listen-client-urls: http://127.0.0.1:\(etcd)
            advertise-client-urls: http://127.0.0.1:\(etcd)
            listen-peer-urls: http://127.0.0.1:\(peer)
            initial-advertise-peer-urls: http://127.0.0.1:\(peer)
            initial-cluster: default=http://127.0.0.1:\(peer)
            """
        try etcdConfig.write(toFile: "\(dataDir)/etcd.yaml", atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", launcherScript, dataDir, String(web), portsJSON]
        var environment = ProcessInfo.processInfo.environment
        environment["ETCD_CONFIG_PATH"] = "\(dataDir)/etcd.yaml"
        for (key, value) in options.environment { environment[key] = value }
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        _ = FileManager.default.createFile(atPath: "\(dataDir)/logs/launcher.log", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: "\(dataDir)/logs/launcher.log")
        try process.runWithSignalsUnblocked()

        let milvus = EmbeddedMilvus(options: options, process: process, ports: assigned)
        do {
            _ = try await milvus.readLauncher(stdout.fileHandleForReading, dataDir: dataDir)
            try await milvus.waitHealthy(timeoutSeconds: options.startTimeoutSeconds)
        } catch {
            await milvus.stop()
            throw error
        }
        return milvus
    }

    /// The launcher's first line names the Milvus process; a later `{"exited": CODE}` says it
    /// exited on its own. Read on a thread of its own for as long as the launcher lives; returns
    /// the pid once the first line came.
    private func readLauncher(_ handle: FileHandle, dataDir: String) async throws -> Int32 {
        let ended = Ended()
        handle.readLines({ [self] line in
            let object = Self.object(line)
            if let pid = object?["pid"] { state.withLock { $0.pid = Int32(pid) } }
            if let code = object?["exited"] { state.withLock { $0.exit = Int32(code) } }
        }, ended: { ended.flag.store(true, ordering: .relaxed) })
        while true {
            let pid = state.withLock { $0.pid }
            if pid > 0 { return pid }
            if ended.flag.load(ordering: .relaxed) { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOfFile: "\(dataDir)/logs/launcher.log", encoding: .utf8)) ?? ""
        if log.contains("address already in use") { throw EmbeddedMilvusError.portTaken }
        throw EmbeddedMilvusError.startFailed("the launcher did not start Milvus: \(log.suffix(800))")
    }

    static func object(_ line: String) -> [String: Int]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Int]
    }

    package var isRunning: Bool { process.isRunning && exit == nil }

    /// How Milvus exited on its own (nil while it runs, and after `stop()`): a negative code is the
    /// signal that killed it.
    package var exit: MilvusExit? {
        if let code = state.withLock({ $0.exit }) { return MilvusExit(code: code) }
        // The launcher itself gone without a word (killed): Milvus went with it.
        if !process.isRunning && process.terminationReason == .uncaughtSignal {
            return MilvusExit(code: -process.terminationStatus)
        }
        return nil
    }

    /// Polls `/healthz` until it says OK.
    package func waitHealthy(timeoutSeconds: Double) async throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            guard process.isRunning else {
                let log = (try? String(contentsOfFile: "\(logDirectory)/milvus-stderr.log", encoding: .utf8)) ?? ""
                if log.contains("address already in use") { throw EmbeddedMilvusError.portTaken }
                throw EmbeddedMilvusError.startFailed(
                    "Milvus exited during start; see \(logDirectory)/milvus-stderr.log")
            }
            if await HTTPFetch.text(healthURL)?.contains("OK") == true { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw EmbeddedMilvusError.startFailed(
            "Milvus did not become healthy within \(Int(timeoutSeconds)) s; see \(logDirectory)")
    }

    /// Stops Milvus: SIGTERM to the launcher, which gives Milvus a grace period, and waits. With
    /// `now` (a second Ctrl-C), SIGKILL at once.
    package func stop(now: Bool = false) async {
        if process.isRunning && !now {
            process.terminate()
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        // Milvus first, so that the launcher (its parent) reaps it and exits, within a tenth of a
        // second; killed before it, the launcher would leave Milvus a zombie for whoever adopts it
        // (not every init reaps).
        let pid = milvusPID
        if pid > 0 && kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        Leftovers.removeServerID(of: pid)
    }
}

/// Set once the launcher's output ends.
private final class Ended: Sendable {
    let flag = Atomic<Bool>(false)
}

/// How the embedded Milvus ended when nobody asked it to.
package struct MilvusExit: Sendable, Equatable, CustomStringConvertible {
    /// The exit status, or minus the signal that killed it.
    package var code: Int32

    package var description: String {
        guard code < 0 else { return "exit status \(code)" }
        let names: [Int32: String] = [9: "SIGKILL", 6: "SIGABRT", 11: "SIGSEGV", 15: "SIGTERM", 7: "SIGBUS"]
        return "signal \(-code)\(names[-code].map { ", \($0)" } ?? "")"
    }
}

package enum EmbeddedMilvusError: Error, CustomStringConvertible {
    case notInstalled(String)
    case startFailed(String)
    case portTaken

    package var description: String {
        switch self {
        case .portTaken: "embedded Milvus did not start: a port it was given was taken by another process meanwhile"
        case .notInstalled(let message): "embedded Milvus is not installed: \(message)"
        case .startFailed(let message): "embedded Milvus did not start: \(message)"
        }
    }
}
