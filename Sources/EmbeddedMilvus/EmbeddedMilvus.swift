import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The PyPI Milvus 2.3.5 (`pip install milvus==2.3.5` in a virtualenv), run by traceload in a run
/// directory of its own on free ports, with the tracing settings a run needs.
public final class EmbeddedMilvus: @unchecked Sendable {
    public struct Options: Sendable {
        public var venv: String
        public var runDirectory: String
        /// Extra environment for Milvus, e.g. the `TRACE_*` settings (they override milvus.yaml).
        public var environment: [String: String]
        public var startTimeoutSeconds: Double
        /// The gRPC port, when it must stay the same across restarts; otherwise a free one.
        public var proxyPort: Int?

        public init(
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

    public let options: Options
    public let proxyPort: Int
    public let webPort: Int
    public private(set) var milvusPID: Int32 = 0
    private let process: Process
    private let lock = NSLock()

    public var metricsURL: String { "http://127.0.0.1:\(webPort)/metrics" }
    public var healthURL: String { "http://127.0.0.1:\(webPort)/healthz" }
    public var logDirectory: String { "\(options.runDirectory)/logs" }

    private init(options: Options, process: Process, proxyPort: Int, webPort: Int) {
        self.options = options
        self.process = process
        self.proxyPort = proxyPort
        self.webPort = webPort
    }

    /// The milvus.yaml port settings the PyPI package templates, besides the web port.
    static let portKeys = [
        "proxy_port", "etcd_port", "proxy_internal_port", "root_coord_port", "query_coord_port", "query_node_port",
        "index_coord_port", "index_node_port", "data_coord_port", "data_node_port",
    ]

    /// Starts Milvus and returns once `/healthz` answers OK. A start that loses a race for a port
    /// (another server grabbed it meanwhile) is retried once with fresh ports, unless the proxy
    /// port is fixed (then the error says so). The directory and its data are kept either way.
    public static func start(_ options: Options) async throws -> EmbeddedMilvus {
        do {
            return try await startOnce(options)
        } catch EmbeddedMilvusError.portTaken where options.proxyPort == nil {
            return try await startOnce(options)
        }
    }

    static func startOnce(_ options: Options) async throws -> EmbeddedMilvus {
        let venv = PythonEnvironment.locate(options.venv)
        let python = "\(venv)/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw EmbeddedMilvusError.notInstalled(
                "no Python at \(python) (nor under $TRACELOAD_HOME or the folders above the traceload binary); "
                    + "run `make setup` in traceload's checkout (or: python3 -m venv \(venv) && \(venv)/bin/pip install milvus==2.3.5)"
            )
        }
        guard let ports = freeLoopbackPorts(portKeys.count + 2) else {
            throw EmbeddedMilvusError.startFailed("no free ports on 127.0.0.1")
        }
        var assigned = Dictionary(uniqueKeysWithValues: zip(portKeys, ports))
        if let fixed = options.proxyPort { assigned["proxy_port"] = fixed }
        let (proxy, etcd, peer, web) = (
            assigned["proxy_port"]!, assigned["etcd_port"]!, ports[portKeys.count], ports[portKeys.count + 1]
        )
        let portsJSON = String(
            decoding: try JSONSerialization.data(withJSONObject: assigned, options: [.sortedKeys]), as: UTF8.self)
        let dataDir = URL(fileURLWithPath: options.runDirectory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: "\(dataDir)/logs", withIntermediateDirectories: true)

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
        try process.run()

        let milvus = EmbeddedMilvus(options: options, process: process, proxyPort: proxy, webPort: web)
        do {
            milvus.milvusPID = try await readStartLine(stdout.fileHandleForReading, dataDir: dataDir)
            try await milvus.waitHealthy(timeoutSeconds: options.startTimeoutSeconds)
        } catch {
            await milvus.stop()
            throw error
        }
        return milvus
    }

    /// The launcher prints one JSON line once the Milvus process exists.
    private static func readStartLine(_ handle: FileHandle, dataDir: String) async throws -> Int32 {
        let line: String? = await Task.detached {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return nil }
                buffer.append(chunk)
                if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    return String(decoding: buffer[..<newline], as: UTF8.self)
                }
            }
        }.value
        guard let line, let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let pid = object["pid"] as? Int
        else {
            let log = (try? String(contentsOfFile: "\(dataDir)/logs/launcher.log", encoding: .utf8)) ?? ""
            if log.contains("address already in use") { throw EmbeddedMilvusError.portTaken }
            throw EmbeddedMilvusError.startFailed("the launcher did not start Milvus: \(log.suffix(800))")
        }
        return Int32(pid)
    }

    public var isRunning: Bool { process.isRunning }

    /// Polls `/healthz` until it says OK.
    public func waitHealthy(timeoutSeconds: Double) async throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            guard process.isRunning else {
                let log = (try? String(contentsOfFile: "\(logDirectory)/milvus-stderr.log", encoding: .utf8)) ?? ""
                if log.contains("address already in use") { throw EmbeddedMilvusError.portTaken }
                throw EmbeddedMilvusError.startFailed(
                    "Milvus exited during start; see \(logDirectory)/milvus-stderr.log")
            }
            if await httpGet(healthURL)?.contains("OK") == true { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw EmbeddedMilvusError.startFailed(
            "Milvus did not become healthy within \(Int(timeoutSeconds)) s; see \(logDirectory)")
    }

    /// Stops Milvus (SIGTERM to the launcher, which gives Milvus a grace period) and waits.
    public func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        if milvusPID > 0 && kill(milvusPID, 0) == 0 {
            kill(milvusPID, SIGKILL)
        }
    }
}

public enum EmbeddedMilvusError: Error, CustomStringConvertible {
    case notInstalled(String)
    case startFailed(String)
    case portTaken

    public var description: String {
        switch self {
        case .portTaken: "embedded Milvus did not start: a port it was given was taken by another process meanwhile"
        case .notInstalled(let message): "embedded Milvus is not installed: \(message)"
        case .startFailed(let message): "embedded Milvus did not start: \(message)"
        }
    }
}

/// A small GET for health and metrics endpoints; nil on any failure.
public func httpGet(_ url: String, timeoutSeconds: Double = 2) async -> String? {
    guard let url = URL(string: url) else { return nil }
    var request = URLRequest(url: url)
    request.timeoutInterval = timeoutSeconds
    do {
        // Not cancellable mid-request (FoundationNetworking crashes then; see ServerMetrics' fetch).
        let (data, response) = try await Task.detached { try await URLSession.shared.data(for: request) }.value
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { return nil }
        return String(decoding: data, as: UTF8.self)
    } catch {
        return nil
    }
}
