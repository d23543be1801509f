import Foundation
import Testing
import Yams

/// deploy/kubernetes: the manifests against Kubernetes' own schemas, and the Indexed Job emulated
/// on this machine with exactly the arguments and environment its pods get.
@Suite(.serialized) struct KubernetesTests {
    static let manifests = CLIHarness.packageRoot.appendingPathComponent("deploy/kubernetes").path
    static let kubernetesVersion = "1.31.0"

    func validate(_ files: [String]) throws -> CLIHarness.Result {
        try CLIHarness.execute(
            CLIHarness.venv + "/bin/kubernetes-validate", ["--strict", "-k", Self.kubernetesVersion] + files)
    }

    @Test func manifestsPassKubernetesValidateStrict() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.manifests).filter { $0.hasSuffix(".yaml") }
            .sorted().map { Self.manifests + "/" + $0 }
        #expect(files.count == 4)
        let result = try validate(files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.components(separatedBy: "passed for resource").count - 1 == files.count, "\(result.stdout)")
        // The validator is strict: a field Kubernetes does not know fails.
        let bad = CLIHarness.temporaryDirectory("k8s") + "/bad.yaml"
        try String(contentsOfFile: Self.manifests + "/segments-job.yaml", encoding: .utf8)
            .replacingOccurrences(of: "  parallelism: 3", with: "  parallelism: 3\n  paralelism: 3")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(try validate([bad]).status != 0)
    }

    /// The manifest's container: its arguments and environment as a pod of completion index
    /// `index` sees them (`$(VAR)` expanded as the kubelet does), with the cluster's paths and
    /// Milvus replaced by this machine's.
    struct Pod {
        var arguments: [String]
        var environment: [String: String]
    }

    static func pod(job: Node, index: Int, startAt: String, paths: [String: String], milvus: String) throws -> Pod {
        let container = try #require(job["spec"]?["template"]?["spec"]?["containers"]?[0])
        var environment: [String: String] = ["JOB_COMPLETION_INDEX": String(index)]  // the Job controller's
        for entry in container["env"]?.sequence ?? [] {
            let name = try #require(entry["name"]?.string)
            if let value = entry["value"]?.string {
                environment[name] = name == "MILVUS_URI" ? milvus : value
            } else {
                let field = try #require(entry["valueFrom"]?["fieldRef"]?["fieldPath"]?.string)
                switch field {
                case "metadata.annotations['batch.kubernetes.io/job-completion-index']":
                    environment[name] = String(index)
                case "metadata.annotations['traceload.io/start-at']": environment[name] = startAt
                default: Issue.record("unknown fieldRef \(field)")
                }
            }
        }
        let arguments = (container["args"]?.sequence ?? []).compactMap(\.string).map { argument in
            var expanded = argument
            for (name, value) in environment { expanded = expanded.replacingOccurrences(of: "$(\(name))", with: value) }
            for (cluster, local) in paths where expanded.hasPrefix(cluster) {
                expanded = local + expanded.dropFirst(cluster.count)
            }
            return expanded
        }
        return Pod(arguments: arguments, environment: environment)
    }

    /// Three segments of the ConfigMap's open-loop scenario (3,000 searches/s) against one null
    /// Milvus, started with one --start-at: each delivers a third, the merge the whole. Release
    /// builds: four debug processes on 2 cores deliver about half the rate.
    @Test func theIndexedJobEmulatedOnOneMachine() throws {
        let dir = CLIHarness.temporaryDirectory("indexed-job")
        let configMap = try #require(
            try Yams.compose(yaml: String(contentsOfFile: Self.manifests + "/scenario-configmap.yaml", encoding: .utf8))
        )
        try FileManager.default.createDirectory(atPath: dir + "/scenario", withIntermediateDirectories: true)
        try #require(configMap["data"]?["scenario.yaml"]?.string).write(
            toFile: dir + "/scenario/scenario.yaml", atomically: true, encoding: .utf8)
        let job = try #require(
            try Yams.compose(yaml: String(contentsOfFile: Self.manifests + "/segments-job.yaml", encoding: .utf8)))
        let completions = try #require(job["spec"]?["completions"]?.int)
        #expect(job["spec"]?["parallelism"]?.int == completions && job["spec"]?["completionMode"]?.string == "Indexed")

        let binary = try CLIHarness.releaseBinary
        let server = try BackgroundRun(["null-milvus", "--port", "0"], in: dir, name: "null-milvus", binary: binary)
        defer {
            server.process.interrupt()
            _ = server.waitForExit(timeoutSeconds: 30)
        }
        #expect(server.waitFor("\"port\"", inStdout: true, timeoutSeconds: 30), "\(server.stderr)")
        let port = try #require(server.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        let startAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(15))
        let paths = ["/scenario": dir + "/scenario", "/runs": dir + "/runs"]
        let pods = try (0..<completions).map { index in
            let pod = try Self.pod(
                job: job, index: index, startAt: startAt, paths: paths, milvus: "http://127.0.0.1:\(port)")
            return try BackgroundRun(
                pod.arguments, in: dir, name: "segment-\(index)", environment: pod.environment, binary: binary)
        }
        defer { pods.forEach { $0.stop() } }
        for (index, pod) in pods.enumerated() {
            #expect(pod.waitForExit(timeoutSeconds: 180) == 0, "segment \(index): \(pod.stderr.suffix(1200))")
            #expect(
                pod.stderr.contains("starting the first phase at \(startAt)"),
                "segment \(index): \(pod.stderr.suffix(800))")
        }
        // Each segment's share of the schedule (1,000/s for 20 s) is accounted for: sent, or
        // reported as not sent because the server (or this machine) fell behind; how much of it
        // a machine manages depends on the machine, which is what a benchmark measures, not a test.
        func unsent(_ path: String) throws -> Int {
            let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            return ((run?["phases"] as? [[String: Any]]) ?? []).compactMap { $0["unsent"] as? Int }.reduce(0, +)
        }
        let perSegment = try (0..<completions).map { try readCSV(dir + "/runs/segment-\($0)/latency.csv")[0] }
        for (index, row) in perSegment.enumerated() {
            let requests = try #require(Int(row["requests"] ?? ""))
            let behind = try unsent(dir + "/runs/segment-\(index)/run.json")
            #expect(requests > 0 && requests + behind == 20_000, "segment \(index): \(requests) sent, \(behind) not sent")
        }

        let merge = try #require(
            try Yams.compose(yaml: String(contentsOfFile: Self.manifests + "/merge-job.yaml", encoding: .utf8)))
        let mergeArguments = (merge["spec"]?["template"]?["spec"]?["containers"]?[0]?["args"]?.sequence ?? [])
            .compactMap(\.string)
            .map { $0.hasPrefix("/runs") ? dir + "/runs" + $0.dropFirst("/runs".count) : $0 }
        let merged = try CLIHarness.run(mergeArguments)
        #expect(merged.status == 0, "\(merged.stderr.suffix(800))")
        let row = try readCSV(dir + "/runs/merged/latency.csv")[0]
        let requests = try #require(Int(row["requests"] ?? ""))
        #expect(requests == perSegment.compactMap { Int($0["requests"] ?? "") }.reduce(0, +))
        let behind = try unsent(dir + "/runs/merged/run.json")
        #expect(requests + behind == 60_000, "the merge accounts for every scheduled request: \(requests) + \(behind)")
        // The merged rate is the segments' added up (they ran at once), not their mean.
        let rate = try #require(Double(row["throughput_per_s"] ?? ""))
        let rates = try perSegment.map { try #require(Double($0["throughput_per_s"] ?? "")) }
        #expect(abs(rate - rates.reduce(0, +)) / rate < 0.05, "merged \(rate) against \(rates)")
        let run =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: dir + "/runs/merged/run.json"))) as? [String: Any]
        #expect((run?["notes"] as? [String])?.contains { $0.contains("The 3 segments of one split run") } == true)

        // A segment given twice, or one missing, is refused.
        let twice = try CLIHarness.run([
            "merge", dir + "/runs/segment-0", dir + "/runs/segment-0", dir + "/runs/segment-1", "--out", dir + "/bad",
        ])
        #expect(twice.status == 2, "\(twice.stderr)")
        let missing = try CLIHarness.run([
            "merge", dir + "/runs/segment-0", dir + "/runs/segment-2", "--out", dir + "/bad",
        ])
        #expect(missing.status == 2 && missing.stderr.contains("segment 1/3 missing"), "\(missing.stderr)")
    }
}
